import { useState } from 'react';
import type { ConsoleResponse } from '../../../../../app/contract/index.ts';
import { Alert } from '../../../components/ui/alert.tsx';
import { useJsonDocument } from '../api/use-json-document.ts';
import { formatBytes, formatMs, statusTone, tokenNote } from '../lib/format.ts';
import { useConsoleStore } from '../stores/console-store.ts';
import { JsonTree } from './json-tree.tsx';
import { OutcomeIssues } from './outcome-issues.tsx';
import { RawView } from './raw-view.tsx';
import { ResponseDiagnosis } from './response-diagnosis.tsx';
import { TreeToolbar } from './tree-toolbar.tsx';

const PAGING = ['first', 'previous', 'next', 'last'] as const;

function HeaderTable({ title, headers }: { title: string; headers: { name: string; value: string }[] }) {
  return (
    <div className="stack tight">
      <h3>{title}</h3>
      <table className="kv headers"><tbody>
        {headers.map((h, i) => <tr key={i}><th scope="row">{h.name}</th><td className="mono">{h.value}</td></tr>)}
      </tbody></table>
    </div>
  );
}

/**
 * One response: status, timing, size and how the token was used; on a failure the diagnosis
 * (likeliest cause first); OperationOutcome issues and Bundle paging when present; the body as a tree (worker-parsed, virtualized) or raw; headers.
 */
export function ResponseView({ response, onFollow }: { response: ConsoleResponse; onFollow: (pathOrUrl: string) => void }) {
  const tab = useConsoleStore((s) => s.responseTab);
  const tabChosen = useConsoleStore((s) => s.responseTabChosen);
  const { state, client, changed } = useJsonDocument(response);
  const [scrollTo, setScrollTo] = useState<{ index: number; nonce: number }>();
  const [copied, setCopied] = useState('');
  const summary = state.kind === 'ready' ? state.summary : undefined;
  const links = new Map(summary?.links.map((l) => [l.relation, l.url]));
  const treeAvailable = state.kind !== 'none' && state.kind !== 'raw-only';
  const shown = tab === 'tree' && !treeAvailable ? 'raw' : tab;

  return (
    <section className="card stack response" aria-label="Response">
      <div className="row status-line">
        <span className={`badge status ${statusTone(response.status)}`} data-testid="response-status">{response.status} {response.statusText}</span>
        <span title="Time to the last byte (time to headers)">{formatMs(response.timings.totalMs)} <span className="muted">({formatMs(response.timings.waitMs)} to headers)</span></span>
        <span>{formatBytes(response.size)}</span>
        {response.contentType && <span className="muted mono">{response.contentType}</span>}
        <span className="spacer" />
        <span className={`badge ${response.token.kind === 'attached' && response.token.renewedAfter401 ? 'warning' : ''}`} title={tokenNote(response.token)}>
          {response.token.kind === 'attached' ? (response.token.renewedAfter401 ? 'New token after 401' : response.token.source === 'pasted' ? 'Pasted token sent' : 'Token sent') : 'No token sent'}
        </span>
      </div>
      <div className="mono url-line muted">{response.request.method} {response.request.url}</div>
      {response.token.kind === 'none' && response.token.reason && <p className="muted small-print">{response.token.reason}</p>}
      {response.token.kind === 'attached' && response.token.source === 'pasted' && <p className="muted small-print">{tokenNote(response.token)}</p>}
      <ResponseDiagnosis response={response} />
      {summary?.outcome && <OutcomeIssues issues={summary.outcome} />}
      {summary?.resourceType === 'Bundle' && (
        <div className="row bundle-bar">
          <span><strong>Bundle</strong> {summary.bundleType}</span>
          <span className="muted">{summary.entries} entr{summary.entries === 1 ? 'y' : 'ies'}{summary.total !== undefined ? ` of ${summary.total}` : ''}</span>
          <span className="spacer" />
          <nav className="row" aria-label="Bundle pages">
            {PAGING.map((rel) => (
              <button key={rel} type="button" className="btn small" disabled={!links.get(rel)} onClick={() => onFollow(links.get(rel) ?? '')}>
                {rel === 'first' ? 'First page' : rel === 'previous' ? 'Previous page' : rel === 'next' ? 'Next page' : 'Last page'}
              </button>
            ))}
          </nav>
        </div>
      )}
      <div className="row" role="tablist" aria-label="Response views">
        {(['tree', 'raw', 'headers'] as const).map((t) => (
          <button key={t} type="button" role="tab" aria-selected={shown === t} className={`tab${shown === t ? ' active' : ''}`} disabled={t === 'tree' && !treeAvailable} onClick={() => tabChosen(t)}>
            {t === 'tree' ? 'Tree' : t === 'raw' ? 'Raw' : `Headers (${response.headers.length})`}
          </button>
        ))}
        {copied && <span className="muted" role="status">Copied {copied}</span>}
      </div>
      {shown === 'tree' && state.kind === 'loading' && (
        <div className="stack tight" role="status">
          <span>{state.phase === 'reading' ? `Reading the body from the app: ${formatBytes(state.loaded)} of ${formatBytes(state.total)}` : `Parsing ${formatBytes(state.total)} of JSON…`}</span>
          <progress max={state.total} value={state.phase === 'reading' ? state.loaded : undefined} aria-label="Loading the response body" />
        </div>
      )}
      {shown === 'tree' && state.kind === 'invalid' && (
        <Alert tone="warning" title="The body says JSON but does not parse">
          {state.message}{state.line ? ` (line ${state.line}, column ${state.column})` : ''}. See the Raw tab.
        </Alert>
      )}
      {shown === 'tree' && state.kind === 'error' && <Alert tone="error" title="The tree could not be built">{state.message}</Alert>}
      {shown === 'tree' && state.kind === 'ready' && client && (
        <div className="stack tight" data-testid="json-tree-ready">
          <TreeToolbar client={client} onChanged={changed} onReveal={(index) => setScrollTo({ index, nonce: Date.now() })} />
          <JsonTree client={client} rowCount={state.rowCount} version={state.version} scrollTo={scrollTo} onChanged={changed}
            onOpen={(ref) => onFollow(ref.path)} onCopied={(path) => { setCopied(path); setTimeout(() => setCopied(''), 2000); }} />
          {!state.offThread && <p className="muted small-print">Parsed on the page (a background worker could not start).</p>}
        </div>
      )}
      {shown === 'raw' && (
        <>
          {state.kind === 'raw-only' && <Alert tone="info">{state.reason}</Alert>}
          <RawView response={response} client={client} parsed={state.kind === 'ready'} />
        </>
      )}
      {shown === 'headers' && (
        <div className="grid2">
          <HeaderTable title="Response headers" headers={response.headers} />
          <HeaderTable title="Request headers (as sent, token hidden)" headers={response.request.headers} />
        </div>
      )}
    </section>
  );
}
