import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The 200 MB the `huge` route offers, generated as it streams. */
export const HUGE_BODY_BYTES = 200 * 1024 * 1024;
/** How long the `stall` route waits before answering (tests give up long before). */
export const STALL_MS = 10_000;

/** What a hostile server does, by the first path segment of the request. */
export type Hostility = 'html' | 'badjson' | 'stall' | 'loop' | 'huge' | 'reset' | 'ok';

/** A running pair of hostile servers (plain HTTP and TLS with a self-signed certificate). */
export interface HostileServers {
  /** http://127.0.0.1:<port>; paths start with a Hostility, e.g. `${http}/stall/fhir`. */
  http: string;
  /** https://127.0.0.1:<port> with a certificate no client trusts; answers like `ok`. */
  https: string;
  /** The self-signed certificate (PEM), for a control request that trusts it explicitly. */
  certPem: string;
  /** Bytes the `huge` route actually wrote, over all requests. */
  hugeBytesSent(): number;
  /** How many `huge` responses have been closed (the client stopped reading). */
  hugeClosed(): number;
  /** Requests of the `stall` route still waiting, and how many were closed by the client. */
  stalled: Set<Socket>;
  stallsClosedByClient(): number;
  /** Resets every stalled connection (lets a test end a stall it does not control). */
  resetStalls(): void;
  close(): Promise<void>;
}

/**
 * Local servers that misbehave the ways real FHIR and OAuth servers do: an HTML error page, a
 * JSON body cut short, a 10 s stall, a redirect loop, a 200 MB body (streamed with back-pressure,
 * never held in memory), a TCP reset, and a TLS certificate signed by nobody. Loopback only.
 */
export async function startHostileServers(): Promise<HostileServers> {
  let hugeBytes = 0;
  let hugeClosed = 0;
  let stallsClosed = 0;
  const stalled = new Set<Socket>();
  const sockets = new Set<Socket>();

  const handler: RequestListener = (req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    const kind = (new URL(req.url ?? '/', 'http://x').pathname.split('/')[1] ?? 'ok') as Hostility;
    switch (kind) {
      case 'html':
        res.writeHead(502, 'Bad Gateway', { 'content-type': 'text/html; charset=utf-8' })
          .end('<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>nginx</p></body></html>');
        return;
      case 'badjson':
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"issuer":"http://127.0.0.1","token_endpoint":"http://127.0.0.1/token","capabilities":[');
        return;
      case 'stall': {
        const socket = req.socket;
        stalled.add(socket);
        const timer = setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'), STALL_MS);
        socket.once('close', () => {
          clearTimeout(timer);
          if (stalled.delete(socket)) stallsClosed++;
        });
        return;
      }
      case 'loop':
        res.writeHead(302, { location: req.url ?? '/loop' }).end();
        return;
      case 'huge': {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        let sent = 0;
        let done = false;
        res.once('close', () => { done = true; hugeClosed++; });
        const pump = () => {
          while (!done && sent < HUGE_BODY_BYTES) {
            const piece = sent === 0 ? Buffer.concat([Buffer.from('{"padding":"'), chunk.subarray(12)]) : chunk;
            sent += piece.length;
            hugeBytes += piece.length;
            if (!res.write(piece)) return void res.once('drain', pump);
          }
          if (!done) res.end('"}');
        };
        pump();
        return;
      }
      case 'reset':
        req.socket.resetAndDestroy();
        return;
      default:
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    }
  };

  const dir = await mkdtemp(join(tmpdir(), 'fae-hostile-tls-'));
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
  ], { stdio: 'ignore' });
  const [key, certPem] = await Promise.all([readFile(join(dir, 'key.pem'), 'utf8'), readFile(join(dir, 'cert.pem'), 'utf8')]);
  await rm(dir, { recursive: true, force: true });

  const plain = createServer(handler);
  const tls = createTlsServer({ key, cert: certPem }, handler);
  for (const s of [plain, tls]) s.on('connection', (socket: Socket) => { sockets.add(socket); socket.once('close', () => sockets.delete(socket)); });
  const listen = (s: Server) => new Promise<number>((r) => s.listen(0, '127.0.0.1', () => r((s.address() as AddressInfo).port)));
  const [httpPort, httpsPort] = await Promise.all([listen(plain), listen(tls)]);

  return {
    http: `http://127.0.0.1:${httpPort}`,
    https: `https://127.0.0.1:${httpsPort}`,
    certPem,
    hugeBytesSent: () => hugeBytes,
    hugeClosed: () => hugeClosed,
    stalled,
    stallsClosedByClient: () => stallsClosed,
    resetStalls() {
      for (const s of [...stalled]) {
        stalled.delete(s);
        s.resetAndDestroy();
      }
    },
    async close() {
      for (const s of sockets) s.destroy();
      await Promise.all([plain, tls].map((s) => new Promise((r) => s.close(r))));
    },
  };
}
