import { useEffect, useRef, useState } from 'react';
import { MAX_TREE_BYTES } from '../../../../../app/console/index.ts';
import type { ConsoleResponse } from '../../../../../app/contract/index.ts';
import { call } from '../../../lib/api.ts';
import { decodeBase64 } from '../lib/base64.ts';
import { createMainTreeClient } from '../lib/main-tree-client.ts';
import { createTreeClient, type TreeClient } from '../lib/tree-client.ts';
import type { DocSummary, LoadAnswer } from '../../../../../app/console/tree/index.ts';

/** Where the response body's tree is. */
export type DocState =
  | { kind: 'none' }
  | { kind: 'raw-only'; reason: string }
  | { kind: 'loading'; phase: 'reading' | 'parsing'; loaded: number; total: number }
  | { kind: 'ready'; rowCount: number; summary: DocSummary; version: number; offThread: boolean }
  | { kind: 'invalid'; message: string; line?: number; column?: number }
  | { kind: 'error'; message: string };

/** Bytes of raw-view page `index` (pieces are cut between characters by main). */
export const RAW_PAGE_BYTES = 64 * 1024;

/** Raw-view pages of a body: characters of an inline body, bytes of one kept in main. */
export const rawPageCount = (response: ConsoleResponse): number =>
  Math.max(1, Math.ceil((response.inlineBody?.length ?? response.size) / RAW_PAGE_BYTES));

/** Reads raw-view page `index` of the body as text (inline, or one piece from main). */
export function rawPageReader(response: ConsoleResponse) {
  return async (index: number): Promise<string> => {
    if (response.inlineBody !== undefined) return response.inlineBody.slice(index * RAW_PAGE_BYTES, (index + 1) * RAW_PAGE_BYTES);
    const piece = await call('console:read-body', { responseId: response.responseId, offset: index * RAW_PAGE_BYTES, length: RAW_PAGE_BYTES });
    return new TextDecoder().decode(decodeBase64(piece.base64));
  };
}

/**
 * The tree of a JSON response: a small body (sent inline) is parsed in the page's Web Worker;
 * a large one is already being parsed by main's tree thread, and only rows cross over. Keeps
 * the row count current as rows are opened and closed. Bodies too large or cut short stay raw.
 */
export function useJsonDocument(response: ConsoleResponse) {
  const workerRef = useRef<TreeClient | undefined>(undefined);
  const [client, setClient] = useState<TreeClient | undefined>();
  // A JSON body starts as loading, so the view does not flash (and fetch) the raw page first.
  const [state, setState] = useState<DocState>(() => (response.kind === 'json' ? { kind: 'loading', phase: 'parsing', loaded: 0, total: response.size } : { kind: 'none' }));

  useEffect(() => () => workerRef.current?.dispose(), []);

  useEffect(() => {
    if (response.kind !== 'json') return setState({ kind: 'none' });
    if (response.truncated) return setState({ kind: 'raw-only', reason: `The body was cut at ${Math.round(response.size / 1024 / 1024)} MB, so it cannot be read as a tree.` });
    if (response.size > MAX_TREE_BYTES) return setState({ kind: 'raw-only', reason: `The body is ${Math.round(response.size / 1024 / 1024)} MB, larger than the tree view handles (${MAX_TREE_BYTES / 1024 / 1024} MB); it is shown raw, page by page.` });
    let stale = false;
    let target: TreeClient;
    if (response.inlineBody !== undefined) {
      workerRef.current ??= createTreeClient();
      target = workerRef.current;
    } else if (response.treeInMain) target = createMainTreeClient(response.responseId);
    else return setState({ kind: 'raw-only', reason: 'The tree of this body is not available; it is shown raw.' });
    setClient(target);
    setState({ kind: 'loading', phase: 'parsing', loaded: response.size, total: response.size });
    void (async () => {
      try {
        const loaded = response.inlineBody !== undefined
          ? await target.send({ op: 'load', chunks: [response.inlineBody] })
          : ((await call('console:tree', { responseId: response.responseId, call: { op: 'open' } })) as LoadAnswer);
        if (stale) return;
        setState(loaded.ok
          ? { kind: 'ready', rowCount: loaded.rowCount, summary: loaded.summary, version: 1, offThread: target.offThread }
          : { kind: 'invalid', message: loaded.message, line: loaded.line, column: loaded.column });
      } catch (e) {
        if (!stale) setState({ kind: 'error', message: (e as Error).message });
      }
    })();
    return () => { stale = true; };
  }, [response]);

  /** Records a new row count after a toggle, expand or reveal (rows are then fetched again). */
  const changed = (rowCount: number) => setState((s) => (s.kind === 'ready' ? { ...s, rowCount, version: s.version + 1 } : s));
  return { state, client, changed };
}
