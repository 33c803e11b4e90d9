import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TreeCallAnswer } from '../../../../app/contract/index.ts';
import { AppFailure } from '../../../../app/result/index.ts';
import { createTreeHandler, type LoadAnswer, type TreeViewRequest } from '../../../../app/console/tree/index.ts';
import type { ToTreeThread } from './tree-thread.ts';

type Reply = { id: number; ok: boolean; value?: unknown; message?: string };

/**
 * Starts the thread from the built `tree-thread.mjs` next to main's bundle, or in development
 * and tests from the source file through tsx (registered inside the thread, since a worker does
 * not inherit a test runner's loader). Undefined when neither exists.
 */
function spawnThread(): Worker | undefined {
  const built = new URL('../tree-thread.mjs', import.meta.url);
  if (built.protocol === 'file:' && existsSync(fileURLToPath(built))) return new Worker(built);
  const source = new URL('./tree-thread.ts', import.meta.url);
  if (source.protocol !== 'file:' || !existsSync(fileURLToPath(source))) return undefined;
  // Development only: a packaged app always has the built tree-thread.mjs (above), so tsx, a
  // dev dependency, is deliberately not a runtime dependency of main.
  const devLoader = 'tsx/esm/api';
  const boot = `import(${JSON.stringify(devLoader)}).then((m) => { m.register(); return import(${JSON.stringify(source.href)}); })`
    + `.catch((e) => { throw new Error('the tree thread could not load: ' + e.message); });`;
  return new Worker(boot, { eval: true });
}

/**
 * The trees of the latest large JSON responses, built in main's tree thread (see
 * tree-thread.ts) and answered from there; on the main thread only if the thread cannot start.
 */
export class TreeHost {
  private thread: Worker | undefined;
  private threadFailed = false;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly loads = new Map<string, Promise<LoadAnswer>>();
  private readonly local = new Map<string, ReturnType<typeof createTreeHandler>>();
  private next = 0;

  constructor(private readonly keep = 1) {}

  /** Starts the thread ahead of the first large body (the console is in use), so that body does not wait for it. */
  warm(): void {
    this.startThread();
  }

  /** Starts parsing a body; `call(id, { op: 'open' })` waits for the outcome. */
  load(responseId: string, bytes: Uint8Array): void {
    // Drop older trees first: a 50 MB Bundle is hundreds of MB of objects, and parsing the next
    // one while the last is still alive makes every garbage collection in the thread slower.
    while (this.loads.size >= this.keep) {
      const oldest = this.loads.keys().next().value;
      if (oldest === undefined) break;
      this.loads.delete(oldest);
      this.local.delete(oldest);
      this.thread?.postMessage({ kind: 'drop', responseId: oldest } satisfies ToTreeThread);
    }
    const thread = this.startThread();
    let loading: Promise<LoadAnswer>;
    if (thread) {
      const copy = new Uint8Array(bytes); // main keeps its bytes for the raw view; the copy moves to the thread
      loading = this.ask<LoadAnswer>(thread, { kind: 'load', id: ++this.next, responseId, bytes: copy }, [copy.buffer as ArrayBuffer]);
    } else {
      const handle = createTreeHandler();
      handle({ op: 'append', index: 0, bytes });
      loading = Promise.resolve(handle({ op: 'load' }));
      this.local.set(responseId, handle);
    }
    loading.catch(() => undefined);
    this.loads.set(responseId, loading);
  }

  /** Answers a tree request for a response. */
  async call(responseId: string, req: { op: 'open' } | TreeViewRequest): Promise<TreeCallAnswer> {
    const loading = this.loads.get(responseId);
    if (!loading) throw new AppFailure('NOT_FOUND', 'That response\'s tree is no longer kept (only the latest is); send the request again.');
    const loaded = await loading;
    if (req.op === 'open') return loaded;
    if (!loaded.ok) throw new AppFailure('INVALID_INPUT', 'The body is not valid JSON, so it has no tree.');
    const local = this.local.get(responseId);
    if (local) return local(req) as TreeCallAnswer;
    const thread = this.thread;
    if (!thread) throw new AppFailure('INTERNAL', 'The tree thread stopped; send the request again.');
    return this.ask<TreeCallAnswer>(thread, { kind: 'call', id: ++this.next, responseId, req });
  }

  /** Stops the thread (shutdown). */
  async dispose(): Promise<void> {
    const t = this.thread;
    this.thread = undefined;
    this.threadFailed = true;
    await t?.terminate();
  }

  private ask<T>(thread: Worker, message: ToTreeThread, transfer: ArrayBuffer[] = []): Promise<T> {
    const id = (message as { id: number }).id;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      thread.postMessage(message, transfer);
    });
  }

  private startThread(): Worker | undefined {
    if (this.thread || this.threadFailed) return this.thread;
    const thread = spawnThread();
    if (!thread) {
      this.threadFailed = true;
      return undefined;
    }
    thread.unref();
    thread.on('message', (r: Reply) => {
      const w = this.waiting.get(r.id);
      if (!w) return;
      this.waiting.delete(r.id);
      if (r.ok) w.resolve(r.value);
      else w.reject(new AppFailure('INVALID_INPUT', r.message ?? 'The tree request failed.'));
    });
    thread.on('error', (e) => {
      for (const w of this.waiting.values()) w.reject(new AppFailure('INTERNAL', `The tree thread stopped: ${e.message}`));
      this.waiting.clear();
      this.thread = undefined;
      this.threadFailed = true;
    });
    this.thread = thread;
    return thread;
  }
}
