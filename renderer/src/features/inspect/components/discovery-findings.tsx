import { DiscoveryView } from '../../../components/discovery-view.tsx';
import { Alert } from '../../../components/ui/alert.tsx';
import { useDiscoveryFindings } from '../api/inspect-queries.ts';

/**
 * A profile's server metadata, fetched by main through `inspect:discovery`: every discovery
 * document read (SMART, RFC 8414, OpenID Connect, the CapabilityStatement), each endpoint with the
 * document it came from, where they disagree, and the conformance findings.
 */
export function DiscoveryFindings({ profileId }: { profileId: string | undefined }) {
  const q = useDiscoveryFindings(profileId);
  if (!profileId) return <p className="muted">Choose a profile to check its server's discovery documents.</p>;
  const r = q.data;
  return (
    <div className="stack">
      <div className="row">
        <button type="button" className="btn" onClick={() => void q.refetch()} disabled={q.isFetching}>{q.isFetching ? 'Checking…' : 'Check again'}</button>
        {r && <span className="muted">Fetched {new Date(r.fetchedAt).toLocaleTimeString()} from {r.url} · requests are in the activity log</span>}
      </div>
      {q.error && <Alert tone="error" title="Discovery did not run">{q.error.message}</Alert>}
      {q.isLoading && <p className="muted" role="status">Fetching the server's discovery documents…</p>}
      {r && <div className="card"><DiscoveryView result={r} /></div>}
    </div>
  );
}
