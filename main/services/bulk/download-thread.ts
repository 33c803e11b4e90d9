/**
 * The body of the Bulk Data download thread: node:http(s) to a file, with redirects, stall and
 * header timeouts, cancellation and progress, driven by messages from main.
 *
 * Why a thread: at hundreds of MB/s, every 64 KB socket read is a new Buffer, and V8 answers
 * that much external memory with frequent full garbage collections whose cost grows with the
 * heap. In main's big heap that tripled the CPU per gigabyte and halved throughput; a thread's
 * heap holds only this code, so its collections are cheap, and main's event loop (IPC, the UI's
 * requests) stays free during a gigabyte download.
 *
 * The function runs from its own source text (`downloadThreadSource`), so it may use only what
 * `load` (require) gives it: no imports, no outer variables.
 */

/** Messages main sends. */
export type ToThread =
  | { kind: 'start'; id: number; url: string; headers: Record<string, string>; part: string; path: string; headersTimeoutMs: number; idleTimeoutMs: number }
  | { kind: 'cancel'; id: number };

/** Messages the thread sends. */
export type FromThread =
  | { kind: 'headers'; id: number; status: number; statusText: string; headers: [string, string][]; url: string }
  | { kind: 'progress'; id: number; bytes: number }
  | { kind: 'done'; id: number; bytes: number }
  | { kind: 'refused'; id: number; text: string }
  | { kind: 'failed'; id: number; code?: string; message: string; timeout?: 'headers' | 'idle'; cancelled: boolean };

/** The thread's entry point; see the file comment. */
export function downloadThreadMain(load: (name: string) => unknown): void {
  const { parentPort } = load('node:worker_threads') as typeof import('node:worker_threads');
  const http = load('node:http') as typeof import('node:http');
  const https = load('node:https') as typeof import('node:https');
  const fs = load('node:fs') as typeof import('node:fs');
  const { once } = load('node:events') as typeof import('node:events');
  if (!parentPort) return;
  const port = parentPort;
  const aborts = new Map<number, AbortController>();
  const post = (m: FromThread) => port.postMessage(m);

  const open = (url: URL, headers: Record<string, string>, signal: AbortSignal) => new Promise<import('node:http').IncomingMessage>((resolve, reject) => {
    const send = url.protocol === 'https:' ? https.request : http.request;
    const req = send(url, { method: 'GET', headers, signal }, resolve);
    req.on('error', reject);
    req.end();
  });

  const run = async (m: Extract<ToThread, { kind: 'start' }>) => {
    const abort = new AbortController();
    aborts.set(m.id, abort);
    let timeout: 'headers' | 'idle' | undefined;
    let timer = setTimeout(() => { timeout = 'headers'; abort.abort(); }, m.headersTimeoutMs);
    let out: import('node:fs').WriteStream | undefined;
    try {
      let url = new URL(m.url);
      let headers = { ...m.headers };
      let res = await open(url, headers, abort.signal);
      for (let hop = 0; [301, 302, 303, 307, 308].includes(res.statusCode ?? 0) && res.headers.location; hop++) {
        res.resume();
        if (hop >= 5) throw Object.assign(new Error('redirect count exceeded'), { code: 'REDIRECT' });
        const next = new URL(res.headers.location, url);
        if (next.origin !== url.origin) headers = Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'authorization'));
        url = next;
        res = await open(url, headers, abort.signal);
      }
      const raw: [string, string][] = [];
      for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) raw.push([(res.rawHeaders[i] ?? '').toLowerCase(), res.rawHeaders[i + 1] ?? '']);
      post({ kind: 'headers', id: m.id, status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: raw, url: url.href });
      clearTimeout(timer);
      timer = setTimeout(() => { timeout = 'idle'; abort.abort(); }, m.idleTimeoutMs);
      if (res.statusCode !== 200) {
        let text = '';
        for await (const chunk of res) {
          text += String(chunk);
          timer.refresh();
          if (text.length > 64 * 1024) break;
        }
        res.destroy();
        post({ kind: 'refused', id: m.id, text: text.slice(0, 64 * 1024) });
        return;
      }
      // A 1 MB write buffer lets fs batch reads into large writes; memory stays bounded by it.
      const file = fs.createWriteStream(m.part, { mode: 0o600, highWaterMark: 1024 * 1024 });
      out = file;
      const failed = once(file, 'error');
      failed.catch(() => undefined);
      // Flowing mode hands over each socket read as it is (the async iterator concatenates what
      // has piled up, copying it); pause while the file catches up.
      let bytes = 0;
      let reported = 0;
      await new Promise<void>((resolve, reject) => {
        res.on('data', (chunk: Buffer) => {
          timer.refresh();
          bytes += chunk.length;
          if (!file.write(chunk)) res.pause();
          const now = Date.now();
          if (now - reported >= 100) { reported = now; post({ kind: 'progress', id: m.id, bytes }); }
        });
        file.on('drain', () => res.resume());
        res.on('end', () => file.end(resolve));
        res.on('error', reject);
        res.on('aborted', () => reject(Object.assign(new Error('the server closed the connection mid-file'), { code: 'ECONNRESET' })));
        failed.then(([e]) => reject(e), () => undefined);
      });
      fs.renameSync(m.part, m.path);
      post({ kind: 'done', id: m.id, bytes });
    } catch (e) {
      const err = e as { code?: string; message?: string; syscall?: string; path?: string };
      out?.destroy();
      try { fs.unlinkSync(m.part); } catch { /* nothing was written */ }
      const local = !!err.syscall && !!err.path; // a file-system error, not the network
      post({ kind: 'failed', id: m.id, code: local ? 'FS' : err.code, message: String(err.message ?? e), timeout, cancelled: abort.signal.aborted && !timeout });
    } finally {
      clearTimeout(timer);
      aborts.delete(m.id);
    }
  };

  port.on('message', (m: ToThread) => {
    if (m.kind === 'start') void run(m);
    else aborts.get(m.id)?.abort();
  });
}

/** Source text for `new Worker(source, { eval: true })`; `__name` is a no-op for transpilers that keep function names. */
export function downloadThreadSource(): string {
  return `var __name = (f) => f;\n(${downloadThreadMain.toString()})(require);\n`;
}
