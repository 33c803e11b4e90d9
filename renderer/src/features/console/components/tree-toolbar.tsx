import { useState } from 'react';
import type { TreeClient } from '../lib/tree-client.ts';

/**
 * Search and expand/collapse for the response tree. Searching runs in the JSON worker over
 * every key and value; the arrows step through matches, opening the way to each.
 */
export function TreeToolbar({ client, onChanged, onReveal }: {
  client: TreeClient;
  onChanged: (rowCount: number) => void;
  onReveal: (index: number) => void;
}) {
  const [query, setQuery] = useState('');
  const [result, setResult] = useState<{ count: number; capped: boolean; current: number } | undefined>();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);

  const go = async (match: number) => {
    const r = await client.send({ op: 'reveal', match });
    onChanged(r.rowCount);
    onReveal(r.index);
  };
  const search = async () => {
    setBusy(true);
    try {
      const r = await client.send({ op: 'search', query });
      setResult({ ...r, current: 0 });
      if (r.count) await go(0);
    } finally {
      setBusy(false);
    }
  };
  const step = async (delta: number) => {
    if (!result?.count) return;
    const current = (result.current + delta + result.count) % result.count;
    setResult({ ...result, current });
    await go(current);
  };
  const expandAll = async () => {
    const r = await client.send({ op: 'expand-all' });
    onChanged(r.rowCount);
    setNote(r.complete ? '' : 'Opened as much as the view holds (250,000 rows); use search to reach the rest.');
  };

  return (
    <div className="row tree-toolbar">
      <form className="row" role="search" onSubmit={(e) => { e.preventDefault(); void search(); }}>
        <input type="search" aria-label="Search the response" placeholder="Search keys and values" value={query}
          onChange={(e) => { setQuery(e.target.value); setResult(undefined); }} />
        <button className="btn small" type="submit" disabled={!query.trim() || busy}>{busy ? 'Searching…' : 'Find'}</button>
      </form>
      {result && (
        <span className="muted" role="status">
          {result.count ? `${result.current + 1} of ${result.count}${result.capped ? '+' : ''}` : 'No matches'}
        </span>
      )}
      <button className="btn small" type="button" aria-label="Previous match" disabled={!result?.count} onClick={() => void step(-1)}>↑</button>
      <button className="btn small" type="button" aria-label="Next match" disabled={!result?.count} onClick={() => void step(1)}>↓</button>
      <span className="spacer" />
      <button className="btn small" type="button" onClick={() => void expandAll()}>Expand all</button>
      <button className="btn small" type="button" onClick={async () => { onChanged((await client.send({ op: 'collapse-all' })).rowCount); setNote(''); }}>Collapse all</button>
      {note && <span className="muted tree-note">{note}</span>}
    </div>
  );
}
