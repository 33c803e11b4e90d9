import { createTreeHandler, type TreeAnswers, type TreeRequest } from '../../../../../app/console/tree/index.ts';

/**
 * The page's side of the JSON worker: typed requests, answered in order. Falls back to the same
 * handler on the page when a worker cannot be started (it then blocks while parsing, but works).
 */
export interface TreeClient {
  send<R extends TreeRequest>(req: R): Promise<TreeAnswers[R['op']]>;
  /** True when parsing runs in a worker. */
  readonly offThread: boolean;
  dispose(): void;
}

/** Starts a worker-backed client (or the on-page fallback). */
export function createTreeClient(): TreeClient {
  let worker: Worker | undefined;
  try {
    worker = new Worker(new URL('./tree-worker.ts', import.meta.url), { type: 'module' });
  } catch {
    worker = undefined;
  }
  if (!worker) {
    const handle = createTreeHandler();
    return { offThread: false, send: async (req) => handle(req), dispose: () => undefined };
  }
  const pending = new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void }>();
  let next = 0;
  worker.onmessage = (e: MessageEvent<{ id: number; ok: boolean; value?: unknown; message?: string }>) => {
    const p = pending.get(e.data.id);
    if (!p) return;
    pending.delete(e.data.id);
    if (e.data.ok) p.resolve(e.data.value as never);
    else p.reject(new Error(e.data.message ?? 'The JSON worker failed.'));
  };
  worker.onerror = (e) => {
    for (const p of pending.values()) p.reject(new Error(`The JSON worker stopped: ${e.message || 'unknown error'}`));
    pending.clear();
  };
  const w = worker;
  return {
    offThread: true,
    send: (req) => new Promise((resolve, reject) => {
      const id = ++next;
      pending.set(id, { resolve: resolve as (v: never) => void, reject });
      w.postMessage({ id, req });
    }),
    dispose: () => {
      w.terminate();
      for (const p of pending.values()) p.reject(new Error('The response view was closed.'));
      pending.clear();
    },
  };
}
