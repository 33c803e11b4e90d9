import { createTreeHandler, type TreeRequest } from '../../../../../app/console/tree/index.ts';

/**
 * The console's JSON worker: parses response bodies and serves tree rows off the UI thread,
 * so a 50 MB Bundle never freezes the window.
 */
const handle = createTreeHandler();

self.onmessage = (e: MessageEvent<{ id: number; req: TreeRequest }>) => {
  const { id, req } = e.data;
  try {
    self.postMessage({ id, ok: true, value: handle(req) });
  } catch (err) {
    self.postMessage({ id, ok: false, message: err instanceof Error ? err.message : String(err) });
  }
};
