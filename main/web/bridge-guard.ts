import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The header carrying the per-launch secret on every bridge call. */
export const BRIDGE_SECRET_HEADER = 'x-bridge-secret';

/** Why a request was refused, with the HTTP status to send. */
export type GuardVerdict = { ok: true } | { ok: false; status: 401 | 403; reason: string };

/**
 * Decides whether a request may reach the bridge.
 *
 * Host must name the loopback listener (defeats DNS rebinding), Origin, when sent, must be the
 * app's own (defeats cross-site calls from other pages), and API calls must carry the
 * per-launch secret (defeats other local processes and pages that guess the port).
 */
export function createBridgeGuard(opts: { port: () => number; secret: string }) {
  const secret = Buffer.from(opts.secret);
  const hosts = () => [`127.0.0.1:${opts.port()}`, `localhost:${opts.port()}`];
  const origins = () => hosts().map((h) => `http://${h}`);

  return {
    /** Host and Origin checks, applied to every request including static files. */
    checkSite(req: IncomingMessage): GuardVerdict {
      const host = (req.headers.host ?? '').toLowerCase();
      if (!hosts().includes(host)) return { ok: false, status: 403, reason: `Host ${JSON.stringify(host)} is not this app's loopback address` };
      const origin = req.headers.origin;
      if (origin !== undefined && !origins().includes(origin.toLowerCase())) return { ok: false, status: 403, reason: `Origin ${JSON.stringify(origin)} may not call this app` };
      return { ok: true };
    },
    /** The per-launch secret, required on /api/* calls. */
    checkSecret(req: IncomingMessage): GuardVerdict {
      const given = req.headers[BRIDGE_SECRET_HEADER];
      const value = Buffer.from(typeof given === 'string' ? given : '');
      if (value.length !== secret.length || !timingSafeEqual(value, secret)) return { ok: false, status: 401, reason: 'Missing or wrong bridge secret: open the URL the app printed at launch' };
      return { ok: true };
    },
  };
}
