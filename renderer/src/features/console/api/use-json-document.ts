import { useEffect, useRef, useState } from 'react';
import { MAX_READ_CHUNK, MAX_TREE_CHARS } from '../../../../../app/console/limits.ts';
import type { ConsoleResponse } from '../../../../../app/contract/console.ts';
import { call } from '../../../lib/api.ts';
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

/** Reads `length` characters of the body from `offset` (inline, or from main in pieces). */
export function bodyReader(response: ConsoleResponse) {
  return async (offset: number, length: number): Promise<string> => {
    if (response.inlineBody !== undefined) return response.inlineBody.slice(offset, offset + length);
    let text = '';
    while (text.length < length && offset + text.length < response.length) {
      const piece = await call('console:read-body', { responseId: response.responseId, offset: offset + text.length, length: Math.min(MAX_READ_CHUNK, length - text.length) });
      if (!piece.text) break;
      text += piece.text;
    }
    return text;
  };
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
    if (response.length > MAX_TREE_CHARS) return setState({ kind: 'raw-only', reason: `The body is ${Math.round(response.length / 1024 / 1024)} MB, larger than the tree view handles (${MAX_TREE_CHARS / 1024 / 1024} MB); it is shown raw, page by page.` });
    let stale = false;
    void (async () => {
      try {
        const chunks: string[] = [];
        if (response.inlineBody !== undefined) chunks.push(response.inlineBody);
        else {
          for (let offset = 0; offset < response.length && !stale;) {
            setState({ kind: 'loading', phase: 'reading', loaded: offset, total: response.length });
            const piece = await call('console:read-body', { responseId: response.responseId, offset, length: MAX_READ_CHUNK });
            if (!piece.text) break;
            chunks.push(piece.text);
            offset += piece.text.length;
          }
        }
        if (stale) return;
        setState({ kind: 'loading', phase: 'parsing', loaded: response.length, total: response.length });
        const loaded = await client.send({ op: 'load', chunks });
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
