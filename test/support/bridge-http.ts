import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BRIDGE_SECRET_HEADER } from '../../main/web/bridge-guard.ts';
import { startWebServer, type WebServer } from '../../main/web/web-server.ts';

/** One raw HTTP answer: status, lower-cased headers and the body as text. */
export interface RawResponse { status: number; headers: Record<string, string | string[] | undefined>; text: string }

/** A raw loopback HTTP request, with full control over Host and Origin (fetch forbids setting Host). */
export function rawRequest(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    // A server that answers before reading the whole body (a 413) may close while the rest is
    // still being written; once the response is in, that late write error belongs to nobody.
    req.on('socket', (socket) => socket.on('error', () => undefined));
    req.end(opts.body);
  });
}

/** A browser-mode server in its own temp data folder, plus a caller that sends what the renderer sends. */
export interface TestBridge {
  server: WebServer;
  dataDir: string;
  rendererDir: string;
  /** POSTs a contract call with the secret, the right Host and the app's Origin. */
  call(method: string, input?: unknown): Promise<RawResponse & { json: any }>;
  stop(): Promise<void>;
}

/**
 * Starts the real browser-mode server (startWebServer) on a free 127.0.0.1 port with a fresh
 * data folder, so contract and bridge tests exercise what `npm run web` runs.
 */
export async function startTestBridge(rendererDir?: string): Promise<TestBridge> {
  const dataDir = await mkdtemp(join(tmpdir(), 'fae-bridge-'));
  const dir = rendererDir ?? join(dataDir, 'no-renderer');
  const server = await startWebServer({ dataDir, rendererDir: dir, version: '0.0.0-test' });
  return {
    server,
    dataDir,
    rendererDir: dir,
    async call(method, input) {
      const res = await rawRequest(server.port, {
        method: 'POST',
        path: `/api/${method}`,
        headers: { host: `127.0.0.1:${server.port}`, origin: server.origin, 'content-type': 'application/json', [BRIDGE_SECRET_HEADER]: server.secret },
        body: input === undefined ? '' : JSON.stringify(input),
      });
      let json: unknown;
      try { json = JSON.parse(res.text); } catch { json = undefined; }
      return { ...res, json };
    },
    async stop() {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
