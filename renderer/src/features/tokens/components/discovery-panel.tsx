import type { DiscoveryResult } from '../../../../../app/contract/index.ts';
import { FindingsList } from '../../../components/findings-list.tsx';
import { Alert } from '../../../components/ui/alert.tsx';
import { useApplyDiscovery, useCancelDiscovery, useDiscoveryResult, useRunDiscovery } from '../api/token-queries.ts';

const ENDPOINTS: [keyof DiscoveryResult['endpoints'], string][] = [
  ['authorizeEndpoint', 'authorization_endpoint'], ['tokenEndpoint', 'token_endpoint'], ['revocationEndpoint', 'revocation_endpoint'],
  ['introspectionEndpoint', 'introspection_endpoint'], ['registrationEndpoint', 'registration_endpoint'], ['managementEndpoint', 'management_endpoint'],
  ['jwksUri', 'jwks_uri'], ['issuer', 'issuer'],
];

const SOURCE: Record<DiscoveryResult['source'], string> = {
  'smart-configuration': '.well-known/smart-configuration', 'capability-statement': 'CapabilityStatement (oauth-uris extension)', none: 'nothing usable',
};

function List({ label, items }: { label: string; items: string[] }) {
  return <tr><th>{label}</th><td>{items.length ? items.map((i) => <span key={i} className="badge tokens-chip">{i}</span>) : <span className="muted">not listed</span>}</td></tr>;
}

/** Discovery for the profile: what the server publishes, what is wrong with it, one click to use it. */
export function DiscoveryPanel({ profileId }: { profileId: string }) {
  const result = useDiscoveryResult(profileId);
  const run = useRunDiscovery();
  const cancel = useCancelDiscovery();
  const apply = useApplyDiscovery();
  const r = result.data;
  const tone = r?.cancelled ? 'warning' : r?.source === 'none' ? 'error' : r?.source === 'capability-statement' ? 'warning' : 'info';
  return (
    <section className="card stack" aria-labelledby="discovery-title">
      <div className="row">
        <h2 id="discovery-title">Discovery</h2>
        <span className="spacer" />
        <button type="button" className="btn" disabled={run.isPending} onClick={() => { apply.reset(); cancel.reset(); run.mutate(profileId); }}>{run.isPending ? 'Running discovery…' : 'Run discovery'}</button>
        {/* A stalled server would otherwise hold discovery until its 15 s timeout. */}
        {run.isPending && <button type="button" className="btn" disabled={cancel.isPending} onClick={() => cancel.mutate(profileId)}>Cancel discovery</button>}
        {r && r.source !== 'none' && <button type="button" className="btn primary" disabled={apply.isPending} onClick={() => apply.mutate(profileId)}>Use these endpoints</button>}
      </div>
      {!r && !run.isPending && <p className="muted">Reads <code>[base]/.well-known/smart-configuration</code>, or the CapabilityStatement at <code>[base]/metadata</code> when that is missing.</p>}
      {run.error && <Alert tone="error">{run.error.message}</Alert>}
      {cancel.error && <Alert tone="error" title="Could not cancel">{cancel.error.message}</Alert>}
      {apply.error && <Alert tone="error">{apply.error.message}</Alert>}
      {apply.data && <Alert tone="success">Saved the discovered endpoints to profile "{apply.data.profile.name}".</Alert>}
      {r?.cancelled && <Alert tone={tone}>{r.summary}</Alert>}
      {r && !r.cancelled && (
        <>
          <Alert tone={tone}>{r.summary}</Alert>
          <table className="kv" aria-label="Discovered endpoints">
            <tbody>
              <tr><th>Source</th><td>{SOURCE[r.source]}</td></tr>
              {ENDPOINTS.filter(([k]) => r.endpoints[k]).map(([k, label]) => <tr key={k}><th className="mono">{label}</th><td className="mono">{r.endpoints[k]}</td></tr>)}
              {r.source === 'smart-configuration' && (
                <>
                  <List label="Capabilities" items={r.capabilities} />
                  <List label="Grant types" items={r.grantTypes} />
                  <List label="Client auth methods" items={r.authMethods} />
                  <List label="Assertion algorithms" items={r.signingAlgs} />
                  <List label="PKCE methods" items={r.codeChallengeMethods} />
                </>
              )}
            </tbody>
          </table>
          {r.scopesSupported.length > 0 && (
            <details>
              <summary>scopes_supported ({r.scopesSupported.length})</summary>
              <p className="mono">{r.scopesSupported.join(' ')}</p>
            </details>
          )}
          {[r.wellKnown, r.metadata].filter((f) => f?.problem).map((f) => <p key={f?.url} className="muted small">{f?.problem}</p>)}
          <FindingsList findings={r.findings} title="Discovery findings" />
        </>
      )}
    </section>
  );
}
