import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JwksHostStatus, PublicJwks } from '../../../app/contract/index.ts';
import { AppFailure } from '../../../app/result/index.ts';
import type { Clock } from '../../ports.ts';

/** The path a `jwks_uri` points at. */
export const JWKS_PATH = '/.well-known/jwks.json';

/** Cache-Control of the served set: short, because keys here are rotated and renamed while testing. */
export const JWKS_CACHE_CONTROL = 'public, max-age=60';

/** Dependencies of the JWKS host. */
export interface JwksHostDeps {
  clock: Clock;
  /** The current public JWKS of the chosen keys (read per request, so renames and deletes show at once). */
  publicJwks: (keyIds: readonly string[]) => Promise<PublicJwks>;
}

/**
 * Serves chosen keys' public JWKS at http://127.0.0.1:<port>/.well-known/jwks.json.
 *
 * Local authorization servers (Aidbox, a local SMART sandbox) fetch a client's `jwks_uri`
 * instead of a pasted JWKS; this gives them one without publishing anything beyond loopback.
 */
export class JwksHostService {
  private server: Server | undefined;
  private keyIds: string[] = [];
  private startedAt: string | undefined;

  constructor(private readonly deps: JwksHostDeps) {}

  /** Where it runs (or that it does not). */
  status(): JwksHostStatus {
    const port = this.port();
    if (!this.server || port === undefined) return { running: false, keyIds: [] };
    return { running: true, url: `http://127.0.0.1:${port}${JWKS_PATH}`, port, keyIds: [...this.keyIds], startedAt: this.startedAt };
  }

  /**
   * Starts serving these keys, or changes which keys a running host serves. A different
   * explicit port restarts the host there; port 0 or none keeps the current port or picks a free one.
   */
  async host(keyIds: readonly string[], port?: number): Promise<JwksHostStatus> {
    const current = this.port();
    if (this.server && (port === undefined || port === 0 || port === current)) {
      this.keyIds = [...new Set(keyIds)];
      return this.status();
    }
    await this.stop();
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e: NodeJS.ErrnoException) => {
        reject(e.code === 'EADDRINUSE'
          ? new AppFailure('CONFLICT', `Port ${port} on 127.0.0.1 is in use; choose another port or 0 for a free one.`, [{ path: 'port', message: 'Port in use' }])
          : new AppFailure('NETWORK', `The JWKS host could not start: ${e.message}`));
      });
      server.listen(port ?? 0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.keyIds = [...new Set(keyIds)];
    this.startedAt = new Date(this.deps.clock.now()).toISOString();
    return this.status();
  }

  /** Stops serving (a no-op when not running). */
  async stop(): Promise<JwksHostStatus> {
    const server = this.server;
    this.server = undefined;
    this.keyIds = [];
    this.startedAt = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
    return this.status();
  }

  /** Drops a deleted key from the served set; the host stops when no key is left. */
  async forget(keyId: string): Promise<JwksHostStatus> {
    if (!this.keyIds.includes(keyId)) return this.status();
    this.keyIds = this.keyIds.filter((id) => id !== keyId);
    return this.keyIds.length ? this.status() : this.stop();
  }

  /** Stops the host on shutdown. */
  async dispose(): Promise<void> {
    await this.stop();
  }

  private port(): number | undefined {
    const addr = this.server?.address() as AddressInfo | null | undefined;
    return addr?.port;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path !== JWKS_PATH) return text(res, 404, `Not found. The JWKS is at ${JWKS_PATH}\n`);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return text(res, 405, 'Use GET\n');
    }
    let body: string;
    try {
      body = JSON.stringify(await this.deps.publicJwks(this.keyIds));
    } catch (e) {
      return text(res, 500, `The JWKS could not be built: ${(e as Error).message}\n`);
    }
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': JWKS_CACHE_CONTROL,
      'content-length': Buffer.byteLength(body),
      'x-content-type-options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }
}

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body);
}
