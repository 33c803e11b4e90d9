import { useState } from 'react';
import { bySeverity } from '../../../../../app/conformance/index.ts';
import type { MethodInput } from '../../../../../app/contract/index.ts';
import { FindingsList } from '../../../components/findings-list.tsx';
import { Alert } from '../../../components/ui/alert.tsx';
import { useAssertionInspection } from '../api/inspect-queries.ts';
import { useDebounced } from '../hooks/use-debounced.ts';
import { readPastedToken } from '../pasted-token.ts';
import { useInspectUiStore } from '../stores/inspect-ui-store.ts';
import { ActivityAssertionPicker } from './activity-assertion-picker.tsx';
import { AssertionKeySourceFields } from './assertion-key-source.tsx';
import { Notes } from './notes.tsx';
import { useActiveProfile } from '../../../components/active-profile-picker.tsx';
import { SignatureVerdict } from './signature-verdict.tsx';
import { DecodedJwt } from './decoded-jwt.tsx';
import { JwtSegments } from './jwt-view.tsx';

/**
 * Item 2 of the Inspect area: a client assertion (pasted or picked from the activity log)
 * decoded, every claim explained with live times, checked by inspectAssertion in main against
 * the chosen profile, and its signature verified with the profile's key or a given JWKS.
 */
export function AssertionInspector() {
  const a = useInspectUiStore((s) => s.assertion);
  const edit = useInspectUiStore((s) => s.assertionEdited);
  const profile = useActiveProfile();
  const [picking, setPicking] = useState(false);
  const pasted = readPastedToken(a.text);
  const debounced = useDebounced({ jwks: a.jwks, jwksUrl: a.jwksUrl, clientId: a.clientId, tokenEndpoint: a.tokenEndpoint }, 500);
  const input: MethodInput<'inspect:assertion'> | undefined = pasted.kind === 'jwt' ? {
    jwt: pasted.token,
    profileId: profile?.id,
    jwks: a.keySource === 'pasted' ? debounced.jwks : undefined,
    jwksUrl: a.keySource === 'url' ? debounced.jwksUrl.trim() || undefined : undefined,
    ...(profile ? {} : { clientId: debounced.clientId.trim() || undefined, tokenEndpoint: debounced.tokenEndpoint.trim() || undefined, flow: a.flow }),
    evaluateAt: a.sentAt,
  } : undefined;
  const check = useAssertionInspection(input);
  const result = check.data;
  // Compare claims only with values that came from the profile or were typed, never with values read from the assertion itself.
  const expected = result?.context.profileName
    ? { clientId: result.context.clientId || undefined, tokenEndpoint: result.context.tokenEndpoint || undefined }
    : { clientId: debounced.clientId.trim() || undefined, tokenEndpoint: debounced.tokenEndpoint.trim() || undefined };

  return (
    <div className={`stack${check.isFetching ? ' checking' : ''}`}>
      <div className="card stack tight">
        <label className="field">
          <span className="label">Client assertion (JWT)</span>
          <textarea rows={5} value={a.text} spellCheck={false} placeholder="eyJhbGciOiJSUzM4NCIsInR5cCI6IkpXVCIsImtpZCI6Ii4uLiJ9.eyJpc3MiOi…"
            onChange={(e) => edit({ text: e.target.value })} aria-describedby="assertion-hint" />
          <span id="assertion-hint" className="hint">The <code>client_assertion</code> value of a token request (private_key_jwt). It stays in this app; only main checks it.</span>
        </label>
        <div className="row">
          <button type="button" className="btn" onClick={() => setPicking(!picking)} aria-expanded={picking}>Pick from activity log</button>
          <button type="button" className="btn" onClick={() => edit({ text: '' })} disabled={!a.text}>Clear</button>
          {check.isFetching && <span className="muted" role="status">Checking…</span>}
        </div>
        {picking && <ActivityAssertionPicker onDone={() => setPicking(false)} />}
        {a.pickedFrom && (
          <Alert tone="info" title="Picked from the activity log">
            {a.pickedFrom}. The log keeps header and payload but removes the signature, so the signature cannot be verified; paste the original assertion to verify it. Times are checked as of when the request was sent.
          </Alert>
        )}
        <AssertionKeySourceFields hasProfileKey={!!profile?.assertion.keyId} profileName={profile?.name} />
        {!profile && (
          <fieldset>
            <legend>Expected values (no profile chosen)</legend>
            <div className="grid3">
              <label className="field"><span className="label">Client id</span>
                <input type="text" value={a.clientId} onChange={(e) => edit({ clientId: e.target.value })} placeholder="from the assertion's sub" /></label>
              <label className="field"><span className="label">Token endpoint</span>
                <input type="url" value={a.tokenEndpoint} onChange={(e) => edit({ tokenEndpoint: e.target.value })} placeholder="from the assertion's aud" /></label>
              <label className="field"><span className="label">Flow</span>
                <select value={a.flow} onChange={(e) => edit({ flow: e.target.value as 'backend' | 'authorization_code' })}>
                  <option value="backend">Backend services (client_credentials)</option>
                  <option value="authorization_code">Authorization code (confidential app)</option>
                </select></label>
            </div>
          </fieldset>
        )}
      </div>

      {pasted.kind === 'empty' && <p className="muted">Paste a client assertion, or pick one from the activity log, to see its parts explained and checked.</p>}
      {pasted.kind === 'invalid' && <Alert tone="error" title="Not a JWT">{pasted.problem}</Alert>}
      {(pasted.kind === 'opaque' || pasted.kind === 'jwe' || pasted.kind === 'token-response') && (
        <Alert tone="error" title="Not a signed JWT">
          {pasted.kind === 'jwe' ? 'This is an encrypted JWT (five parts). SMART client assertions are signed, not encrypted (JWS, three parts).'
            : pasted.kind === 'token-response' ? 'This is a token response. Paste the client_assertion from the token request instead, or inspect these tokens in the Token tab.'
            : 'A client assertion is a JWT: three base64url parts separated by dots.'}
        </Alert>
      )}
      {pasted.kind === 'jwt' && (
        <>
          <JwtSegments jws={pasted.jws} label="Encoded client assertion" />
          {check.error && <Alert tone="error" title="The check did not run">{check.error.message}</Alert>}
          {result && <SignatureVerdict signature={result.signature} jwks={result.jwks} />}
          {result && (
            <p className="muted context-line">
              Checked {result.context.profileName ? <>against <strong>{result.context.profileName}</strong>: </> : 'with '}
              flow {result.context.flow}, client id <code>{result.context.clientId || '(none)'}</code>, token endpoint <code>{result.context.tokenEndpoint || '(none)'}</code>.
            </p>
          )}
          {result && <FindingsList findings={bySeverity(result.findings)} title="Findings" emptyText="No problems found: the assertion follows SMART's rules." />}
          <DecodedJwt header={pasted.jws.header} payload={pasted.jws.payload} kind="assertion" expected={expected} evaluateAt={a.sentAt} />
          {result && <Notes notes={result.notes} />}
        </>
      )}
    </div>
  );
}
