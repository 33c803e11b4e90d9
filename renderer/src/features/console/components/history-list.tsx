import { useClearHistory, useHistory } from '../api/console-queries.ts';
import { statusTone } from '../lib/format.ts';
import { useConsoleStore } from '../stores/console-store.ts';

/** The profile's remembered requests, newest first; choosing one puts it back in the editor. */
export function HistoryList({ profileId }: { profileId: string | undefined }) {
  const history = useHistory(profileId);
  const clear = useClearHistory();
  const chosen = useConsoleStore((s) => s.historyEntryChosen);
  const entries = history.data ?? [];
  return (
    <section className="stack tight history" aria-labelledby="history-title">
      <div className="row">
        <h2 id="history-title">History</h2>
        <span className="spacer" />
        <button type="button" className="btn small" disabled={!profileId || !entries.length || clear.isPending} onClick={() => profileId && clear.mutate(profileId)}>Clear</button>
      </div>
      {!profileId && <p className="muted small-print">Choose a profile to see its requests.</p>}
      {profileId && !entries.length && !history.isLoading && <p className="muted small-print">Requests you send with this profile are kept here (no tokens, no response bodies).</p>}
      {history.error && <p className="error-text">{history.error.message}</p>}
      <div className="list" role="list" aria-label="Request history">
        {entries.map((e) => (
          <button key={e.id} type="button" role="listitem" className="list-item history-item" onClick={() => chosen(e)} title={`${e.method} ${e.path}`}>
            <div className="row history-head">
              <span className="mono method">{e.method}</span>
              {e.status !== undefined ? <span className={`badge ${statusTone(e.status)}`}>{e.status}</span> : <span className="badge error">failed</span>}
              <span className="spacer" />
              <span className="muted small-print">{new Date(e.at).toLocaleTimeString()}</span>
            </div>
            <div className="sub mono">{e.path}{e.query.filter((q) => q.enabled).length ? ` +${e.query.filter((q) => q.enabled).length} params` : ''}</div>
            {e.error && <div className="sub error-text">{e.error}</div>}
          </button>
        ))}
      </div>
    </section>
  );
}
