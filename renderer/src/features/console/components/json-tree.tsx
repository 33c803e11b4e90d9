import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { TreeRow, ReferenceTarget } from '../../../../../app/console/tree/index.ts';
import type { TreeClient } from '../lib/tree-client.ts';

const ROW_HEIGHT = 22;
const BLOCK = 200;

/** One row: indentation, a toggle for containers, key, value (references as buttons). */
function Row({ row, onToggle, onOpen, onCopy }: { row: TreeRow; onToggle: () => void; onOpen: (t: ReferenceTarget) => void; onCopy: () => void }) {
  const container = row.kind === 'object' || row.kind === 'array';
  const key = row.key === null ? 'body' : typeof row.key === 'number' ? String(row.key) : row.key;
  return (
    <div className={`jt-row${row.current ? ' current' : ''}`} style={{ paddingLeft: 8 + row.depth * 16 }} role="treeitem" aria-level={row.depth + 1}
      aria-expanded={container ? row.expanded : undefined} data-testid="json-tree-row">
      {container
        ? <button type="button" className="jt-toggle" onClick={onToggle} aria-label={`${row.expanded ? 'Collapse' : 'Expand'} ${key}`}>{row.expanded ? '▾' : '▸'}</button>
        : <span className="jt-toggle" aria-hidden="true" />}
      <span className={typeof row.key === 'number' ? 'jt-index' : 'jt-key'}>{key}<span className="jt-colon" aria-hidden="true">:</span></span>
      {row.reference
        ? <button type="button" className={`jt-value jt-${row.kind} jt-ref`} onClick={() => row.reference && onOpen(row.reference)} title={`Open ${row.reference.path} in the console`}>{row.text}</button>
        : <span className={`jt-value jt-${row.kind}`}>{row.text}</span>}
      {row.hint && <span className="badge jt-hint">{row.hint}</span>}
      {container && <button type="button" className="jt-copy" onClick={onCopy} aria-label={`Copy ${key} as JSON`}>Copy</button>}
    </div>
  );
}

/**
 * The response body as a virtualized tree: only the rows on screen exist in the page, and
 * they are fetched from the JSON worker in blocks, so a 50 MB Bundle scrolls smoothly.
 */
export function JsonTree({ client, rowCount, version, scrollTo, onChanged, onOpen, onCopied }: {
  client: TreeClient;
  rowCount: number;
  version: number;
  scrollTo?: { index: number; nonce: number };
  onChanged: (rowCount: number) => void;
  onOpen: (target: ReferenceTarget) => void;
  onCopied: (what: string) => void;
}) {
  const parent = useRef<HTMLDivElement>(null);
  const blocks = useRef(new Map<number, TreeRow[]>());
  const loading = useRef(new Set<number>());
  const [, setTick] = useState(0);
  const virtualizer = useVirtualizer({ count: rowCount, getScrollElement: () => parent.current, estimateSize: () => ROW_HEIGHT, overscan: 30 });
  const items = virtualizer.getVirtualItems();

  useEffect(() => {
    blocks.current = new Map();
    loading.current = new Set();
    setTick((t) => t + 1);
  }, [version, client]);

  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => {
    for (let b = Math.floor(first / BLOCK); b <= Math.floor(last / BLOCK); b++) {
      if (blocks.current.has(b) || loading.current.has(b)) continue;
      loading.current.add(b);
      const asked = blocks.current;
      void client.send({ op: 'rows', start: b * BLOCK, end: (b + 1) * BLOCK }).then((rows) => {
        if (asked !== blocks.current) return; // the tree changed meanwhile
        blocks.current.set(b, rows);
        loading.current.delete(b);
        setTick((t) => t + 1);
      }, () => loading.current.delete(b));
    }
  });

  useEffect(() => {
    if (scrollTo && scrollTo.index >= 0) virtualizer.scrollToIndex(scrollTo.index, { align: 'center' });
  }, [scrollTo, virtualizer]);

  const rowAt = (i: number) => blocks.current.get(Math.floor(i / BLOCK))?.[i % BLOCK];
  const toggle = async (index: number) => onChanged((await client.send({ op: 'toggle', index })).rowCount);
  const copy = async (index: number) => {
    const { json, path } = await client.send({ op: 'value', index });
    await navigator.clipboard?.writeText(json).catch(() => undefined);
    onCopied(path);
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor((parent.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const delta = e.key === 'PageDown' ? page : e.key === 'PageUp' ? -page : e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0;
    if (!delta || e.target !== parent.current) return;
    e.preventDefault();
    parent.current?.scrollBy({ top: delta * ROW_HEIGHT });
  };

  return (
    <div ref={parent} className="jt-scroll" role="tree" aria-label="Response body as a tree" tabIndex={0} onKeyDown={onKey}
      data-testid="json-tree" data-rows={rowCount} style={{ height: rowCount * ROW_HEIGHT + 4 }}>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const row = rowAt(item.index);
          return (
            <div key={item.key} style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}>
              {row
                ? <Row row={row} onToggle={() => void toggle(item.index)} onOpen={onOpen} onCopy={() => void copy(item.index)} />
                : <div className="jt-row jt-pending" aria-hidden="true">…</div>}
            </div>
          );
        })}
      </div>
    </div>
  );
}
