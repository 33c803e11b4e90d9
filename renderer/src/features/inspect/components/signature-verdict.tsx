import { bySeverity } from '../../../../../app/conformance/index.ts';
import type { JwksOrigin, SignatureCheck } from '../../../../../app/contract/index.ts';
import { FindingsList } from '../../../components/findings-list.tsx';

const LABEL: Record<SignatureCheck['status'], { text: string; tone: 'ok' | 'error' | 'warning' | 'info' }> = {
  verified: { text: 'Signature verified', tone: 'ok' },
  invalid: { text: 'Signature invalid', tone: 'error' },
  'no-key': { text: 'No matching key', tone: 'error' },
  'not-checked': { text: 'Not verified', tone: 'warning' },
  redacted: { text: 'Signature removed', tone: 'info' },
  unsigned: { text: 'Unsigned', tone: 'error' },
  unsupported: { text: 'Cannot verify', tone: 'warning' },
};

/**
 * The signature verdict and where the keys came from (profile key, pasted JWKS, fetched URL),
 * with any problem reading the JWKS and the JWKS findings, so "why did it not verify" has an
 * answer on screen.
 */
export function SignatureVerdict({ signature, jwks }: { signature: SignatureCheck; jwks?: JwksOrigin }) {
  const l = LABEL[signature.status];
  // Keys are beside the point when there is no signature to check.
  const showKeys = jwks && signature.status !== 'redacted' && signature.status !== 'unsigned';
  return (
    <section className={`signature-verdict ${l.tone}`} aria-label="Signature">
      <div className="row">
        <span className={`badge ${l.tone}`} data-testid="signature-status">{l.text}</span>
        <span>{signature.message}</span>
      </div>
      {jwks && showKeys && (
        <div className="jwks-origin muted">
          Keys: {jwks.url ? <span className="mono">{jwks.label}</span> : jwks.label}
          {jwks.keyCount !== undefined && ` · ${jwks.keyCount} key${jwks.keyCount === 1 ? '' : 's'}`}
          {jwks.activityId && ' · fetch recorded in the activity log'}
        </div>
      )}
      {showKeys && jwks?.note && <div className="jwks-note">{jwks.note}</div>}
      {showKeys && jwks.findings.length > 0 && <FindingsList title="JWKS findings" findings={bySeverity(jwks.findings)} headingLevel={4} />}
    </section>
  );
}
