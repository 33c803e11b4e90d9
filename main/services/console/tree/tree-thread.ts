import { parentPort } from 'node:worker_threads';
import { createTreeHandler, type TreeRequest } from '../../../../app/console/tree/index.ts';

/**
 * Main's tree thread: parses large JSON response bodies and answers the console's tree
 * requests, off main's event loop and in a heap of its own (a 50 MB Bundle becomes hundreds
 * of MB of objects; main's heap and its garbage collections never see them).
 */

/** Messages the thread accepts. */
export type ToTreeThread =
  | { kind: 'load'; id: number; responseId: string; bytes: Uint8Array }
  | { kind: 'call'; id: number; responseId: string; req: TreeRequest }
  | { kind: 'drop'; responseId: string };

const trees = new Map<string, ReturnType<typeof createTreeHandler>>();

parentPort?.on('message', (m: ToTreeThread) => {
  if (m.kind === 'drop') {
    trees.delete(m.responseId);
    return;
  }
  try {
    let value: unknown;
    if (m.kind === 'load') {
      const handle = createTreeHandler();
      handle({ op: 'append', index: 0, bytes: m.bytes });
      value = handle({ op: 'load' });
      trees.set(m.responseId, handle);
    } else {
      const handle = trees.get(m.responseId);
      if (!handle) throw new Error('That response\'s tree is no longer kept; send the request again.');
      value = handle(m.req);
    }
    parentPort?.postMessage({ id: m.id, ok: true, value });
  } catch (e) {
    parentPort?.postMessage({ id: m.id, ok: false, message: e instanceof Error ? e.message : String(e) });
  }
});
