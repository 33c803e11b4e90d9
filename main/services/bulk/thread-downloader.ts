import { Worker } from 'node:worker_threads';
import type { HeaderList } from '../../../app/activity/index.ts';
import { AppFailure } from '../../../app/result/index.ts';
import { describeTransportError, type ExchangeLog } from '../../http/index.ts';
import { authorizationValue } from '../tokens/index.ts';
import type { Fetched, TokenSource } from './bulk-downloader.ts';
import { downloadThreadSource, type FromThread, type ToThread } from './download-thread.ts';

/** One file download through the thread. */
export interface ThreadDownload {
  url: string;
  path: string;
  profileId: string;
  signal?: AbortSignal;
  token: TokenSource;
  onBytes: (bytes: number) => void;
  headersTimeoutMs?: number;
  idleTimeoutMs?: number;
}

interface Pending { onMessage: (m: FromThread) => void; fail: (e: AppFailure) => void }

/**
 * Main's side of the download thread: starts it on first use, runs any number of downloads
 * through it, renews the token once after a 401, and records each exchange in the activity log
 * (a summary: status, headers, size, timings; never the body).
 */
export class ThreadDownloader {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private next = 0;

  constructor(private readonly deps: { log: ExchangeLog; beforeSend?: (url: string) => Promise<void> }) {}

  /** Downloads one file to `path` (via `path.part`); resolves with the byte count or the server's refusal. */
  async download(args: ThreadDownload): Promise<Fetched<number>> {
    await this.deps.beforeSend?.(args.url);
    for (let forceNew = false; ; forceNew = true) {
      const token = await args.token(forceNew);
      const headers: Record<string, string> = { Accept: 'application/fhir+ndjson' };
      if (token) headers.Authorization = authorizationValue(token);
      const got = await this.once(args, headers, token?.accessToken);
      if (!got.ok && got.status === 401 && token && !forceNew) continue;
      return got;
    }
  }

  /** Starts the thread ahead of the first download (an export was kicked off). */
  warm(): void {
    this.thread();
  }

  /** Stops the thread (shutdown); running downloads fail as cancelled. */
  async dispose(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    for (const p of this.pending.values()) p.fail(new AppFailure('CANCELLED', 'The app is shutting down; the download was stopped.'));
    this.pending.clear();
    await w?.terminate();
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    // A small young generation: the thread allocates little besides socket buffers, and a
    // default-sized one (tens of MB) would only add to the process's memory.
    const w = new Worker(downloadThreadSource(), { eval: true, resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 128 } });
    w.unref();
    w.on('message', (m: FromThread) => this.pending.get(m.id)?.onMessage(m));
    w.on('error', (e) => {
      for (const p of this.pending.values()) p.fail(new AppFailure('INTERNAL', `The download thread stopped: ${e.message}`));
      this.pending.clear();
      if (this.worker === w) this.worker = undefined;
    });
    this.worker = w;
    return w;
  }

  private once(args: ThreadDownload, headers: Record<string, string>, token: string | undefined): Promise<Fetched<number>> {
    const id = ++this.next;
    const t0 = performance.now();
    const headersTimeoutMs = args.headersTimeoutMs ?? 60_000;
    const idleTimeoutMs = args.idleTimeoutMs ?? 60_000;
    const sensitive = token ? [token] : [];
    const requestHeaders: HeaderList = Object.entries(headers).map(([name, value]) => ({ name, value }));
    const base = { purpose: 'bulk' as const, profileId: args.profileId, method: 'GET', url: args.url, requestHeaders };
    let status: number | undefined;
    let statusText = '';
    let responseHeaders: HeaderList = [];
    let waitMs = 0;
    const timings = () => ({ totalMs: Math.round(performance.now() - t0), waitMs: Math.round(waitMs) });
    return new Promise<Fetched<number>>((resolve, reject) => {
      const worker = this.thread();
      const onAbort = () => worker.postMessage({ kind: 'cancel', id } satisfies ToThread);
      const settle = () => {
        this.pending.delete(id);
        args.signal?.removeEventListener('abort', onAbort);
      };
      const fail = (failure: AppFailure) => {
        settle();
        void this.deps.log.record({ ...base, status, statusText, responseHeaders, timings: timings(), error: { code: failure.code, message: failure.message } }, sensitive)
          .catch(() => undefined).then(() => reject(failure));
      };
      this.pending.set(id, {
        fail,
        onMessage: (m) => {
          if (m.kind === 'headers') {
            waitMs = performance.now() - t0;
            status = m.status;
            statusText = m.statusText;
            responseHeaders = m.headers.map(([name, value]) => ({ name, value }));
          } else if (m.kind === 'progress') args.onBytes(m.bytes);
          else if (m.kind === 'done' || m.kind === 'refused') {
            settle();
            if (m.kind === 'done') args.onBytes(m.bytes);
            const size = m.kind === 'done' ? m.bytes : m.text.length;
            const entry = { ...base, status, statusText, responseHeaders, responseSize: size, timings: timings(), ...(m.kind === 'refused' ? { responseBody: m.text } : {}) };
            void this.deps.log.record(entry, sensitive).catch(() => undefined).then(() => resolve(m.kind === 'done'
              ? { ok: true, value: m.bytes }
              : { ok: false, status: status ?? 0, statusText, text: m.text }));
          } else if (m.kind === 'failed') {
            let host = args.url;
            try { host = new URL(args.url).host; } catch { /* keep the url */ }
            if (m.code === 'FS') fail(new AppFailure('STORE_IO', `Could not write ${args.path}: ${m.message}.`));
            else if (m.timeout === 'idle') fail(new AppFailure('TIMEOUT', `${host} stopped sending data for ${Math.round(idleTimeoutMs / 1000)} s in the middle of the file.`));
            else {
              const cause = Object.assign(new Error('fetch failed'), { cause: { code: m.code, message: m.message } });
              fail(describeTransportError(cause, { url: args.url, timeoutMs: headersTimeoutMs, timedOut: m.timeout === 'headers', cancelled: m.cancelled || !!args.signal?.aborted }));
            }
          }
        },
      });
      if (args.signal?.aborted) return fail(new AppFailure('CANCELLED', `Download from ${args.url} was cancelled.`));
      args.signal?.addEventListener('abort', onAbort, { once: true });
      worker.postMessage({ kind: 'start', id, url: args.url, headers, part: `${args.path}.part`, path: args.path, headersTimeoutMs, idleTimeoutMs } satisfies ToThread);
    });
  }
}
