import { useEffect, useMemo, useState } from 'react';
import type { ConsoleResponse } from '../../../../../app/contract/index.ts';
import { rawPageCount, rawPageReader, RAW_PAGE_BYTES } from '../api/use-json-document.ts';
import { highlightJson } from '../lib/json-highlight.ts';
import type { TreeClient } from '../lib/tree-client.ts';

const PAGE = RAW_PAGE_BYTES;

function Highlighted({ text, json }: { text: string; json: boolean }) {
  const tokens = useMemo(() => (json ? highlightJson(text) : undefined), [text, json]);
  if (!tokens) return <>{text}</>;
  return <>{tokens.map((t, i) => (t.kind === 'text' || t.kind === 'punct' ? t.text : <span key={i} className={`jt-${t.kind === 'key' ? 'keytext' : t.kind}`}>{t.text}</span>))}</>;
}

/**
 * The body as received, one 64 KB page at a time (read from main on demand), with JSON
 * highlighting; a JSON body already parsed can be shown pretty-printed instead.
 */
export function RawView({ response, client, parsed }: { response: ConsoleResponse; client?: TreeClient; parsed: boolean }) {
  const [page, setPage] = useState(0);
  const [pretty, setPretty] = useState<string | undefined>();
  const [wantPretty, setWantPretty] = useState(false);
  const [text, setText] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const pages = pretty !== undefined ? Math.max(1, Math.ceil(pretty.length / PAGE)) : rawPageCount(response);
  const json = response.kind === 'json';

  useEffect(() => { setPage(0); setPretty(undefined); setWantPretty(false); }, [response]);
  useEffect(() => {
    if (!wantPretty || !client || !parsed) { setPretty(undefined); return; }
    let stale = false;
    void client.send({ op: 'pretty' }).then((r) => { if (!stale) { setPretty(r.text); setPage(0); } }, (e: Error) => setError(e.message));
    return () => { stale = true; };
  }, [wantPretty, client, parsed]);
  useEffect(() => {
    let stale = false;
    setError(undefined);
    if (pretty !== undefined) { setText(pretty.slice(page * PAGE, (page + 1) * PAGE)); return; }
    void rawPageReader(response)(page).then((t: string) => { if (!stale) setText(t); }, (e: Error) => { if (!stale) setError(e.message); });
    return () => { stale = true; };
  }, [response, page, pretty]);

  if (response.kind === 'empty') return <p className="muted">The response has no body.</p>;
  return (
    <div className="stack tight">
      <div className="row">
        {json && parsed && client && (
          <label className="row check"><input type="checkbox" checked={wantPretty} onChange={(e) => setWantPretty(e.target.checked)} /> Pretty-print</label>
        )}
        <span className="spacer" />
        {pages > 1 && (
          <nav className="row" aria-label="Raw body pages">
            <button className="btn small" type="button" disabled={page === 0} onClick={() => setPage(0)}>First</button>
            <button className="btn small" type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>Previous page</button>
            <span className="muted" role="status">Page {page + 1} of {pages}</span>
            <button className="btn small" type="button" disabled={page >= pages - 1} onClick={() => setPage(page + 1)}>Next page</button>
            <button className="btn small" type="button" disabled={page >= pages - 1} onClick={() => setPage(pages - 1)}>Last</button>
          </nav>
        )}
      </div>
      {error && <p className="error-text" role="alert">{error}</p>}
      <pre className="pre body raw-body" aria-label="Raw response body" tabIndex={0}>{text === undefined ? 'Loading…' : <Highlighted text={text} json={json} />}</pre>
      {response.truncated && <p className="muted">The server sent more than the console reads; the rest of the body was not downloaded.</p>}
    </div>
  );
}
