import type { Profile } from '../../../../../app/profiles/index.ts';
import { Alert } from '../../../components/ui/alert.tsx';
import { cancelRequest, sendRequest } from '../api/console-queries.ts';
import { formatMs } from '../lib/format.ts';
import { useConsoleStore } from '../stores/console-store.ts';
import { CurlDialog } from './curl-dialog.tsx';
import { HistoryList } from './history-list.tsx';
import { RequestEditor } from './request-editor.tsx';
import { ResponseView } from './response-view.tsx';
import { useEffect, useState } from 'react';

function Elapsed({ since }: { since: number }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, []);
  return <>{formatMs(now - since)}</>;
}

/** The request console: history on the side, the editor, and the last response. */
export function RequestsPanel({ profile, picker }: { profile: Profile | undefined; picker: React.ReactNode }) {
  const exchange = useConsoleStore((s) => s.exchange);
  const draftChanged = useConsoleStore((s) => s.draftChanged);
  const curlOpen = useConsoleStore((s) => s.curlOpen);
  const follow = (path: string) => {
    if (!profile) return;
    const draft = { method: 'GET' as const, path, query: [], headers: useConsoleStore.getState().draft.headers, body: '' };
    draftChanged(draft);
    void sendRequest(profile.id, draft);
  };
  return (
    <div className="console-split">
      <aside className="stack">
        {picker}
        <HistoryList profileId={profile?.id} />
      </aside>
      <div className="stack console-main">
        <RequestEditor profile={profile} />
        {exchange.kind === 'running' && (
          <div className="card row" role="status" aria-live="polite">
            <span className="spinner" aria-hidden="true" />
            <span>Waiting for <span className="mono">{exchange.label}</span>… <Elapsed since={exchange.startedAt} /></span>
            <span className="spacer" />
            <button type="button" className="btn danger" onClick={() => void cancelRequest(exchange.requestId)}>Cancel request</button>
          </div>
        )}
        {exchange.kind === 'failed' && (
          <Alert tone={exchange.code === 'CANCELLED' ? 'info' : 'error'} title={exchange.code === 'CANCELLED' ? 'Request cancelled' : `${exchange.label} failed`}>
            {exchange.message}
          </Alert>
        )}
        {exchange.kind === 'done' && <ResponseView key={exchange.response.responseId} response={exchange.response} onFollow={follow} />}
        {exchange.kind === 'idle' && (
          <div className="card muted">
            Send a request to see the answer here: status, timing, size and headers, the body as a searchable tree (references open with a click)
            or raw, and Bundle paging. The token chosen on the left is attached: the profile's (renewed once if the server answers 401) or the one you pasted.
          </div>
        )}
      </div>
      {curlOpen && <CurlDialog profile={profile} />}
    </div>
  );
}
