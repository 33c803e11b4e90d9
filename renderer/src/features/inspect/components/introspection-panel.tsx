import { DiagnosisView } from '../../../components/diagnosis-view.tsx';
import { FindingsList } from '../../../components/findings-list.tsx';
import { Alert } from '../../../components/ui/alert.tsx';
import { useIntrospection } from '../api/inspect-queries.ts';
import { Notes } from './notes.tsx';

/**
 * RFC 7662 introspection of the pasted token at the profile's server, with the profile's client
 * authentication, and the SMART checks of the answer. Sends the token to the server, so it runs
 * only when the user clicks.
 */
export function IntrospectionPanel({ token, kind, endpoint, profileId, tokenResponse }: {
  token: string; kind: 'access' | 'refresh'; endpoint?: string; profileId?: string; tokenResponse: string;
}) {
  const introspect = useIntrospection();
  const r = introspect.data;
  const stale = introspect.variables && introspect.variables.token !== token;
  return (
    <section className="card stack tight" aria-labelledby="introspection-title">
      <h3 id="introspection-title">Introspection</h3>
      {!profileId && <p className="muted">Choose a profile to ask its server about this token (RFC 7662).</p>}
      {profileId && !endpoint && <p className="muted">The server does not advertise an introspection_endpoint, so only the server itself knows what this token grants.</p>}
      {profileId && endpoint && (
        <>
          <p className="muted">Sends the token to <code>{endpoint}</code> with the profile's client credentials, and checks the answer.</p>
          <div className="row">
            <button type="button" className="btn" disabled={introspect.isPending}
              onClick={() => introspect.mutate({ profileId, token, tokenTypeHint: kind === 'refresh' ? 'refresh_token' : 'access_token', tokenResponse: tokenResponse || undefined })}>
              {introspect.isPending ? 'Introspecting…' : 'Introspect'}
            </button>
            {r && !stale && <span className="muted">HTTP {r.status} · client authentication: {r.clientAuth}</span>}
          </div>
        </>
      )}
      {introspect.error && !stale && <Alert tone="error" title="Introspection failed">{introspect.error.message}</Alert>}
      {r && !stale && (
        <>
          {r.body !== undefined ? <pre className="pre" aria-label="Introspection response" tabIndex={0}>{JSON.stringify(r.body, null, 2)}</pre>
            : <pre className="pre" aria-label="Introspection response (not JSON)" tabIndex={0}>{r.rawBody || '(empty body)'}</pre>}
          {(r.diagnosis.outcome === 'failed' || r.diagnosis.headline) && <DiagnosisView diagnosis={r.diagnosis} headingLevel={4} showFindings={false} />}
          <FindingsList title="Introspection findings" findings={r.diagnosis.outcome === 'failed' ? r.diagnosis.findings.filter((f) => !r.diagnosis.causes.includes(f)) : r.findings} headingLevel={4} emptyText="The response has what SMART requires." />
          <Notes notes={r.notes} />
        </>
      )}
    </section>
  );
}
