import { bySeverity } from '../../../../../app/conformance/index.ts';
import type { MethodInput } from '../../../../../app/contract/index.ts';
import { FindingsList } from '../../../components/findings-list.tsx';
import { Alert } from '../../../components/ui/alert.tsx';
import { useTokenInspection } from '../api/inspect-queries.ts';
import type { JwtKind } from '../claim-dictionary.ts';
import { useDebounced } from '../hooks/use-debounced.ts';
import { readPastedToken } from '../pasted-token.ts';
import { useInspectUiStore, type TokenKindChoice } from '../stores/inspect-ui-store.ts';
import { CachedTokenLoader } from './cached-token-loader.tsx';
import { IntrospectionPanel } from './introspection-panel.tsx';
import { DecodedJwt } from './decoded-jwt.tsx';
import { JwtSegments } from './jwt-view.tsx';
import { Notes } from './notes.tsx';
import { useActiveProfile } from '../../../components/active-profile-picker.tsx';
import { SignatureVerdict } from './signature-verdict.tsx';

const KIND_LABEL: Record<string, string> = { access: 'Access token', id: 'ID token', refresh: 'Refresh token' };
const FORMAT_LABEL = { jwt: 'JWT', jwe: 'Encrypted JWT (JWE)', opaque: 'Opaque' } as const;

/**
 * Item 3 of the Inspect area: any access, ID or refresh token decoded and explained (RFC 7519,
 * RFC 9068, SMART claims), its signature verified against the server's JWKS (fetched by main),
 * expiry and audience checked against the profile, opaque tokens explained, and introspection.
 */
export function TokenDecoder() {
  const t = useInspectUiStore((s) => s.token);
  const edit = useInspectUiStore((s) => s.tokenEdited);
  const profile = useActiveProfile();
  const pasted = readPastedToken(t.text);
  const extras = useDebounced({ jwks: t.jwks, tokenResponse: t.tokenResponse }, 500);
  const token = pasted.kind === 'jwt' || pasted.kind === 'jwe' || pasted.kind === 'opaque' ? pasted.token : undefined;
  const input: MethodInput<'inspect:token'> | undefined = token
    ? { token, kind: t.kind, profileId: profile?.id, jwks: extras.jwks || undefined, tokenResponse: extras.tokenResponse || undefined }
    : undefined;
  const check = useTokenInspection(input);
  const result = check.data;
  const kind: JwtKind = result?.kind ?? (t.kind === 'auto' ? 'unknown' : t.kind);
  const expected = { clientId: result?.context.clientId, fhirBaseUrl: result?.context.fhirBaseUrl };
  const scopesEdited = useInspectUiStore((s) => s.scopesEdited);
  const tabChosen = useInspectUiStore((s) => s.tabChosen);
  const grantedScope = pasted.kind === 'jwt' && result?.kind === 'access' ? pasted.jws.payload['scope'] : undefined;

  return (
    <div className={`stack${check.isFetching ? ' checking' : ''}`}>
      <div className="card stack tight">
        <label className="field">
          <span className="label">Token to decode</span>
          <textarea rows={5} spellCheck={false} value={t.text} onChange={(e) => edit({ text: e.target.value })}
            placeholder="Paste an access, ID or refresh token (a leading “Bearer ” is fine), or a whole token response" aria-describedby="token-hint" />
          <span id="token-hint" className="hint">Decoding happens here; the signature is checked in the app's main process with the server's JWKS. Nothing is sent to the server unless you click Introspect.</span>
        </label>
        <div className="row">
          <label className="field inline">
            <span className="label">Kind</span>
            <select value={t.kind} onChange={(e) => edit({ kind: e.target.value as TokenKindChoice })}>
              <option value="auto">Detect</option>
              <option value="access">Access token</option>
              <option value="id">ID token</option>
              <option value="refresh">Refresh token</option>
            </select>
          </label>
          <button type="button" className="btn" onClick={() => edit({ text: '' })} disabled={!t.text}>Clear</button>
          {check.isFetching && <span className="muted" role="status">Checking…</span>}
        </div>
        {profile && <CachedTokenLoader profileId={profile.id} profileName={profile.name} />}
        <details>
          <summary>Server JWKS and token response (optional)</summary>
          <div className="grid2">
            <label className="field"><span className="label">Server JWKS</span>
              <textarea rows={4} spellCheck={false} value={t.jwks} onChange={(e) => edit({ jwks: e.target.value })} placeholder='{"keys": [...]} (otherwise fetched from the profile server’s jwks_uri)' /></label>
            <label className="field"><span className="label">Token response JSON</span>
              <textarea rows={4} spellCheck={false} value={t.tokenResponse} onChange={(e) => edit({ tokenResponse: e.target.value })} placeholder='{"access_token": "…", "scope": "…", "patient": "…"}' /></label>
          </div>
        </details>
      </div>

      {pasted.kind === 'empty' && <p className="muted">Paste a token to decode it. Choose a profile to verify the signature with its server's keys and check the audience against its FHIR base.</p>}
      {pasted.kind === 'invalid' && <Alert tone="error" title="Not a token">{pasted.problem}</Alert>}
      {pasted.kind === 'token-response' && (
        <Alert tone="info" title="This is a token response">
          <div className="row">Inspect one of its tokens:
            {pasted.tokens.map((x) => (
              <button key={x.name} type="button" className="btn small" onClick={() => edit({ text: x.value, tokenResponse: t.text, kind: x.name === 'id_token' ? 'id' : x.name === 'refresh_token' ? 'refresh' : 'access' })}>{x.name}</button>
            ))}
          </div>
        </Alert>
      )}
      {token && (
        <>
          {check.error && <Alert tone="error" title="The check did not run">{check.error.message}</Alert>}
          {result && (
            <div className="row">
              <span className="badge">{FORMAT_LABEL[result.format]}</span>
              <span className="badge">{KIND_LABEL[result.kind]}{t.kind === 'auto' ? ' (detected)' : ''}</span>
              {result.context.profileName && <span className="muted">checked against {result.context.profileName}</span>}
            </div>
          )}
          {result?.formatExplanation && <Alert tone="info" title={result.format === 'jwe' ? 'Encrypted token' : 'Opaque token'}>{result.formatExplanation}</Alert>}
          {pasted.kind === 'jwt' && <JwtSegments jws={pasted.jws} label="Encoded token" />}
          {result && (result.format === 'jwt' || result.signature.status !== 'not-checked') && <SignatureVerdict signature={result.signature} jwks={result.jwks} />}
          {result && <FindingsList findings={bySeverity(result.findings)} emptyText="No problems found." />}
          {pasted.kind === 'jwt' && <DecodedJwt header={pasted.jws.header} payload={pasted.jws.payload} kind={kind} expected={expected} />}
          {typeof grantedScope === 'string' && (
            <div><button type="button" className="btn small" onClick={() => { scopesEdited({ granted: grantedScope, ...(profile?.scopes ? { requested: profile.scopes } : {}) }); tabChosen('scopes'); }}>
              Compare this token's scope with {profile?.scopes ? `${profile.name}'s request` : 'the requested scope'}
            </button></div>
          )}
          {result && <Notes notes={result.notes} />}
          {result && result.kind !== 'id' && (
            <IntrospectionPanel token={token} kind={result.kind} endpoint={result.introspectionEndpoint} profileId={profile?.id} tokenResponse={t.tokenResponse} />
          )}
        </>
      )}
    </div>
  );
}
