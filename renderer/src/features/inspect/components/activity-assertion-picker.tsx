import { useState } from 'react';
import { Alert } from '../../../components/ui/alert.tsx';
import { loadLoggedAssertion, useTokenRequests } from '../api/inspect-queries.ts';
import { useInspectUiStore } from '../stores/inspect-ui-store.ts';

const time = (iso: string) => new Date(iso).toLocaleTimeString();
const hostPath = (url: string) => {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`;
  } catch {
    return url;
  }
};

/**
 * Picks the client_assertion of a token request from the activity log. The log keeps the
 * assertion's header and payload but not its signature, so the inspector checks claims as of
 * the moment the request was sent and says the signature cannot be verified.
 */
export function ActivityAssertionPicker({ onDone }: { onDone: () => void }) {
  const requests = useTokenRequests(true);
  const picked = useInspectUiStore((s) => s.assertionPicked);
  const [problem, setProblem] = useState<string>();
  const [loading, setLoading] = useState(false);

  async function pick(id: string) {
    const summary = requests.data?.find((r) => r.id === id);
    if (!summary) return;
    setLoading(true);
    setProblem(undefined);
    try {
      const r = await loadLoggedAssertion(id);
      if (r.assertion) {
        picked(r.assertion, r.sentAt, `${summary.method} ${summary.url} at ${time(summary.at)}`);
        onDone();
      } else {
        setProblem(r.problem);
      }
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    } finally {
      setLoading(false);
    }
  }

  return (
    <div className="card stack tight picker">
      <label className="field">
        <span className="label">Token request from the activity log</span>
        <select defaultValue="" onChange={(e) => void pick(e.target.value)} disabled={loading || !requests.data?.length}>
          <option value="" disabled>{requests.isLoading ? 'Loading…' : requests.data?.length ? 'Choose a request…' : 'No token requests logged yet'}</option>
          {requests.data?.map((r) => (
            <option key={r.id} value={r.id}>{time(r.at)} · {r.status ?? r.error?.code ?? '…'} · {hostPath(r.url)}</option>
          ))}
        </select>
      </label>
      <p className="muted hint">Run a token request in the Tokens area first; backend-services requests carry a client assertion.</p>
      {problem && <Alert tone="warning">{problem}</Alert>}
      {requests.error && <Alert tone="error">{requests.error.message}</Alert>}
      <div><button type="button" className="btn small" onClick={onDone}>Close</button></div>
    </div>
  );
}
