import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMainServices, type MainServices } from '../compose.ts';
import { createFileFallbackCipher } from '../adapters/index.ts';
import { createDispatcher } from '../ipc/index.ts';
import { createBridgeGuard } from './bridge-guard.ts';
import { BRIDGE_PREFIX, createBridgeHandler } from './bridge-handler.ts';
import { SseEventSink } from './sse-event-sink.ts';
import { createStaticHandler } from './static-files.ts';

/** Options of a browser-mode server. */
export interface WebServerOptions {
  dataDir: string;
  rendererDir: string;
  version: string;
  /** 0 (default) picks a free port. */
  port?: number;
}

/** A running browser-mode server. */
export interface WebServer {
  /** The URL to open: it carries the per-launch secret in the fragment (never sent over HTTP). */
  url: string;
  origin: string;
  port: number;
  secret: string;
  services: MainServices;
  close(): Promise<void>;
}

/**
 * Browser mode: main's services in plain Node behind a loopback HTTP bridge, plus the built
 * renderer, on one 127.0.0.1 port.
 *
 * Used where Electron cannot run (CI, this workplace) and by every e2e test.
 */
export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const secret = randomBytes(32).toString('base64url');
  const events = new SseEventSink();
  const cipher = await createFileFallbackCipher(opts.dataDir);
  const services = await createMainServices({ mode: 'browser', version: opts.version, dataDir: opts.dataDir, cipher, events });
  const dispatch = createDispatcher(services.handlers, (method, e) => console.error(`[bridge] ${method} failed unexpectedly:`, e));
  let port = 0;
  const guard = createBridgeGuard({ port: () => port, secret });
  const bridge = createBridgeHandler(dispatch, guard, events);
  const files = createStaticHandler(opts.rendererDir);

  const server: Server = createServer((req, res) => {
    const site = guard.checkSite(req);
    if (!site.ok) {
      res.writeHead(site.status, { 'content-type': 'text/plain; charset=utf-8' }).end(site.reason);
      return;
    }
    const handle = (req.url ?? '/').startsWith(BRIDGE_PREFIX) ? bridge : files;
    handle(req, res).catch((e: unknown) => {
      console.error('[web] request failed:', e);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/#k=${secret}`,
    origin,
    port,
    secret,
    services,
    async close() {
      events.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await services.dispose();
    },
  };
}
