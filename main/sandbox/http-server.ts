/**
 * The sandbox's single HTTP listener on 127.0.0.1: routes each request to the FHIR server, the
 * bulk-export endpoints, the interaction pages, the sandbox pages or oidc-provider, and closes
 * every socket on stop.
 *
 * Why: one origin keeps the issuer, FHIR base and pages consistent; tests start and stop many
 * sandboxes, so stop() must not wait for keep-alive connections; and no request may end in a
 * stack trace or a hang, so every handler error becomes a proper error response.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { FailureModeSyntaxError, mergeFailureModes, requestFailureModes, type FailureMode } from './failure-simulation/index.ts';
import { sendHtml, sendJson, sendOAuthError, sendOutcome } from './http-util.ts';

/** Route handlers the dispatcher calls, in order of path prefix. */
export interface SandboxRoutes {
  fhirBasePath: string;
  /** Failure modes of the whole sandbox (its `failures` option), under every request's own. */
  sandboxModes?: readonly FailureMode[];
  fhir: (req: IncomingMessage, res: ServerResponse, url: URL, modes: readonly FailureMode[]) => Promise<void>;
  bulk: (req: IncomingMessage, res: ServerResponse, url: URL, modes: readonly FailureMode[]) => Promise<boolean>;
  interaction: (req: IncomingMessage, res: ServerResponse, url: URL, modes: readonly FailureMode[]) => Promise<boolean>;
  pages: (req: IncomingMessage, res: ServerResponse, url: URL, modes: readonly FailureMode[]) => Promise<boolean>;
  oauth: (req: IncomingMessage, res: ServerResponse, url: URL, modes: readonly FailureMode[]) => Promise<void>;
}

/** A listening server and its stop function. */
export interface ListeningServer {
  server: Server;
  port: number;
  close: () => Promise<void>;
}

function isFhirPath(pathname: string, base: string): boolean {
  return pathname === base || pathname.startsWith(`${base}/`);
}

function sendUnexpected(res: ServerResponse, url: URL, fhirBasePath: string, message: string, status = 500): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (isFhirPath(url.pathname, fhirBasePath) || url.pathname.startsWith('/bulk/')) sendOutcome(res, status, status === 500 ? 'exception' : 'invalid', message);
  else if (url.pathname.startsWith('/oauth/')) sendOAuthError(res, status, status === 500 ? 'server_error' : 'invalid_request', message);
  else if (url.pathname.startsWith('/interaction/')) sendHtml(res, status, `<!DOCTYPE html><title>Error</title><p>${message.replace(/[<&]/g, '')}</p>`);
  else sendJson(res, status, { error: status === 500 ? 'server_error' : 'invalid_request', error_description: message });
}

/**
 * CORS for the FHIR API and bulk files, so browser-based SMART apps can use the sandbox too
 * (oidc-provider does its own CORS). Returns true when it answered a preflight.
 */
function allowCors(req: IncomingMessage, res: ServerResponse): boolean {
  const origin = req.headers.origin;
  if (!origin) return false;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'Origin');
  res.setHeader('access-control-expose-headers', 'WWW-Authenticate, Location, Content-Location, ETag, Last-Modified, X-Progress, Retry-After, Date');
  if (req.method !== 'OPTIONS') return false;
  res.writeHead(204, {
    'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
    'access-control-allow-headers': String(req.headers['access-control-request-headers'] ?? 'authorization, content-type, prefer, accept'),
    'access-control-max-age': '600',
  });
  res.end();
  return true;
}

async function dispatch(routes: SandboxRoutes, origin: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', origin);
  let modes: FailureMode[];
  try {
    modes = mergeFailureModes([...(routes.sandboxModes ?? [])], requestFailureModes(req.headers['x-sandbox-fail'], url));
  } catch (err) {
    if (err instanceof FailureModeSyntaxError) return sendUnexpected(res, url, routes.fhirBasePath, err.message, 400);
    throw err;
  }
  const fhirOrBulk = isFhirPath(url.pathname, routes.fhirBasePath) || url.pathname.startsWith('/bulk/');
  if (fhirOrBulk && allowCors(req, res)) return;
  if (isFhirPath(url.pathname, routes.fhirBasePath)) return routes.fhir(req, res, url, modes);
  if (await routes.bulk(req, res, url, modes)) return;
  if (await routes.interaction(req, res, url, modes)) return;
  if (await routes.pages(req, res, url, modes)) return;
  return routes.oauth(req, res, url, modes);
}

/** Start listening on 127.0.0.1 (port 0 = any free port). */
export async function listen(port: number, routes: (origin: string) => SandboxRoutes): Promise<ListeningServer> {
  const sockets = new Set<Socket>();
  let table: SandboxRoutes | undefined;
  let origin = 'http://127.0.0.1';
  const server = createServer((req, res) => {
    if (!table) return sendJson(res, 503, { error: 'temporarily_unavailable', error_description: 'starting' });
    const current = table;
    dispatch(current, origin, req, res).catch((err: unknown) => {
      const url = new URL(req.url ?? '/', origin);
      const message = err instanceof Error && /request body larger/.test(err.message) ? err.message : 'internal sandbox error';
      sendUnexpected(res, url, current.fhirBasePath, message, message === 'internal sandbox error' ? 500 : 413);
    });
  });
  server.keepAliveTimeout = 5000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  origin = `http://127.0.0.1:${actualPort}`;
  try {
    table = routes(origin);
  } catch (err) {
    server.close();
    throw err;
  }
  return {
    server,
    port: actualPort,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
    }),
  };
}
