import { useEffect, useRef, useState } from 'react';
import { MAX_READ_CHUNK, MAX_TREE_BYTES } from '../../../../../app/console/limits.ts';
import type { ConsoleResponse } from '../../../../../app/contract/console.ts';
import { call } from '../../../lib/api.ts';
import { decodeBase64 } from '../lib/base64.ts';
import { createTreeClient, type TreeClient } from '../lib/tree-client.ts';
import type { DocSummary } from '../lib/tree-protocol.ts';

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

/** Pieces read from main at once: main prepares the next while the page decodes the last. */
const PARALLEL_READS = 4;

/**
 * Reads a large body from main in pieces, several at a time, handing each to the worker as it
 * arrives (so copying into the worker overlaps reading).
 */
async function streamToWorker(client: TreeClient, response: ConsoleResponse, stale: () => boolean, progress: (loaded: number) => void): Promise<void> {
  const count = Math.ceil(response.size / MAX_READ_CHUNK);
  let next = 0;
  let loaded = 0;
  const worker = async () => {
    while (next < count && !stale()) {
      const index = next++;
      // Main cuts between characters, so each piece starts where the previous one ended.
      const piece = await call('console:read-body', { responseId: response.responseId, offset: index * MAX_READ_CHUNK, length: MAX_READ_CHUNK });
      await client.send({ op: 'append', index, base64: piece.base64 });
      loaded += piece.end - piece.offset;
      progress(loaded);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_READS, count) }, worker));
}

/**
 * Loads a JSON response into the worker-backed tree: reads the body from main in pieces
 * (progress shown), parses it off the UI thread, and keeps the row count current as rows are
 * opened and closed. Bodies too large or cut short stay raw.
 */
export function useJsonDocument(response: ConsoleResponse) {
  const clientRef = useRef<TreeClient | undefined>(undefined);
  const [state, setState] = useState<DocState>({ kind: 'none' });

  useEffect(() => {
    const client = createTreeClient();
    clientRef.current = client;
    return () => {
      client.dispose();
      clientRef.current = undefined;
    };
  }, []);

  useEffect(() => {
    const client = clientRef.current;
    if (!client) return;
    if (response.kind !== 'json') return setState({ kind: 'none' });
    if (response.truncated) return setState({ kind: 'raw-only', reason: `The body was cut at ${Math.round(response.size / 1024 / 1024)} MB, so it cannot be read as a tree.` });
    if (response.size > MAX_TREE_BYTES) return setState({ kind: 'raw-only', reason: `The body is ${Math.round(response.size / 1024 / 1024)} MB, larger than the tree view handles (${MAX_TREE_BYTES / 1024 / 1024} MB); it is shown raw, page by page.` });
    let stale = false;
    void (async () => {
      try {
        let chunks: string[] | undefined;
        if (response.inlineBody !== undefined) chunks = [response.inlineBody];
        else await streamToWorker(client, response, () => stale, (loaded) => setState({ kind: 'loading', phase: 'reading', loaded, total: response.size }));
        if (stale) return;
        setState({ kind: 'loading', phase: 'parsing', loaded: response.size, total: response.size });
        const loaded = await client.send(chunks ? { op: 'load', chunks } : { op: 'load' });
        if (stale) return;
        setState(loaded.ok
          ? { kind: 'ready', rowCount: loaded.rowCount, summary: loaded.summary, version: 1, offThread: client.offThread }
          : { kind: 'invalid', message: loaded.message, line: loaded.line, column: loaded.column });
      } catch (e) {
        if (!stale) setState({ kind: 'error', message: (e as Error).message });
      }
    })();
    return () => { stale = true; };
  }, [response]);

  /** Records a new row count after a toggle, expand or reveal (rows are then fetched again). */
  const changed = (rowCount: number) => setState((s) => (s.kind === 'ready' ? { ...s, rowCount, version: s.version + 1 } : s));
  return { state, client: clientRef.current, changed };
}
