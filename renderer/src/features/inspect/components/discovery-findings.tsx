import type { DiscoveryFetch, FoundEndpoints } from '../../../../../app/contract/index.ts';
import { FindingsList } from '../../../components/findings-list.tsx';
import { Alert } from '../../../components/ui/alert.tsx';
import { useDiscoveryFindings } from '../api/inspect-queries.ts';

const ENDPOINT_LABELS: [keyof FoundEndpoints, string][] = [
  ['issuer', 'issuer'], ['authorizeEndpoint', 'authorization_endpoint'], ['tokenEndpoint', 'token_endpoint'], ['jwksUri', 'jwks_uri'],
  ['introspectionEndpoint', 'introspection_endpoint'], ['revocationEndpoint', 'revocation_endpoint'], ['registrationEndpoint', 'registration_endpoint'],
  ['managementEndpoint', 'management_endpoint'],
];

function FetchLine({ label, f }: { label: string; f: DiscoveryFetch }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>
        <span className="mono">{f.url}</span>
        {f.status !== undefined && <span className={`badge ${f.status >= 200 && f.status < 300 ? 'ok' : 'error'}`}> HTTP {f.status}</span>}
        {f.contentType && <span className="muted"> {f.contentType}</span>}
        {f.durationMs !== undefined && <span className="muted"> · {f.durationMs} ms</span>}
        {f.problem && <div className="claim-check problem">{f.problem}</div>}
      </td>
    </tr>
  );
}

function Chips({ label, items }: { label: string; items: string[] }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>{items.length === 0 ? <span className="muted">not listed</span> : <span className="chips">{items.map((i) => <code key={i} className="chip">{i}</code>)}</span>}</td>
    </tr>
  );
}

/**
 * The conformance findings of a profile's SMART discovery (well-known document, with the
 * CapabilityStatement as fallback), fetched by main through `inspect:discovery`, with what was
 * found next to them. Other areas may embed it wherever a profile's server is in question.
 */
export function DiscoveryFindings({ profileId }: { profileId: string | undefined }) {
  const q = useDiscoveryFindings(profileId);
  if (!profileId) return <p className="muted">Choose a profile to check its server's discovery documents.</p>;
  const r = q.data;
  return (
    <div className="stack">
      <div className="row">
        <button type="button" className="btn" onClick={() => void q.refetch()} disabled={q.isFetching}>{q.isFetching ? 'Checking…' : 'Check again'}</button>
        {r && <span className="muted">Fetched {new Date(r.fetchedAt).toLocaleTimeString()} · requests are in the activity log</span>}
      </div>
      {q.error && <Alert tone="error" title="Discovery did not run">{q.error.message}</Alert>}
      {q.isLoading && <p className="muted" role="status">Fetching the server's discovery documents…</p>}
      {r && (
        <>
          <Alert tone={r.source === 'none' ? 'error' : r.source === 'capability-statement' ? 'warning' : 'success'} title={r.source === 'smart-configuration' ? 'SMART configuration found' : r.source === 'capability-statement' ? 'Endpoints from the CapabilityStatement only' : 'No OAuth endpoints found'}>
            {r.summary}
          </Alert>
          <FindingsList findings={r.findings} title="Discovery findings" emptyText="No problems found in the discovery documents." />
          <div className="card">
            <table className="kv">
              <caption className="sr-only">What discovery found</caption>
              <tbody>
                <FetchLine label="Well-known" f={r.wellKnown} />
                {r.metadata && <FetchLine label="Metadata" f={r.metadata} />}
                {ENDPOINT_LABELS.map(([k, label]) => r.endpoints[k] && (
                  <tr key={k}><th scope="row">{label}</th><td className="mono">{r.endpoints[k]}</td></tr>
                ))}
                <Chips label="capabilities" items={r.capabilities} />
                <Chips label="grant_types_supported" items={r.grantTypes} />
                <Chips label="token_endpoint_auth_methods_supported" items={r.authMethods} />
                <Chips label="token_endpoint_auth_signing_alg_values_supported" items={r.signingAlgs} />
                <Chips label="code_challenge_methods_supported" items={r.codeChallengeMethods} />
                <Chips label="scopes_supported" items={r.scopesSupported} />
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
