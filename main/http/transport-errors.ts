import { AppFailure } from '../../app/result/index.ts';

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|SSL/;

// A sub-second timeout rounded to whole seconds read "within 0 s".
const waitWords = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${Number((ms / 1000).toFixed(1))} s`);

/**
 * Turns a fetch failure into an AppFailure with words a user can act on.
 *
 * undici reports most causes as `TypeError: fetch failed` with the real reason in `cause`;
 * this digs it out (refused, not found, reset, TLS, redirect loop, timeout, cancel).
 */
export function describeTransportError(e: unknown, ctx: { url: string; timeoutMs: number; timedOut: boolean; cancelled: boolean }): AppFailure {
  const failure = describe(e, ctx);
  if (failure.code !== 'CANCELLED') failure.networkError = networkErrorOf(e, ctx.timedOut);
  return failure;
}

/** The Node/undici code and message of a failed fetch (undici puts the real cause on `cause`). */
function networkErrorOf(e: unknown, timedOut: boolean): { code: string; message: string } {
  if (timedOut) return { code: 'ETIMEDOUT', message: 'the request timed out before a complete response arrived' };
  const err = e as { code?: string; message?: string; cause?: { code?: string; message?: string; cause?: { code?: string; message?: string } } };
  const deepest = err.cause?.cause ?? err.cause;
  return { code: err.cause?.code ?? deepest?.code ?? err.code ?? 'UNKNOWN', message: deepest?.message ?? err.cause?.message ?? err.message ?? String(e) };
}

function describe(e: unknown, ctx: { url: string; timeoutMs: number; timedOut: boolean; cancelled: boolean }): AppFailure {
  let host = ctx.url;
  try { host = new URL(ctx.url).host; } catch { /* keep the raw url */ }
  if (ctx.cancelled) return new AppFailure('CANCELLED', `Request to ${host} was cancelled.`);
  if (ctx.timedOut) return new AppFailure('TIMEOUT', `No complete response from ${host} within ${waitWords(ctx.timeoutMs)}. The server may be down or stalled; try again or raise the timeout.`);
  const err = e as { message?: string; cause?: { code?: string; message?: string } };
  const code = err.cause?.code ?? '';
  const detail = err.cause?.message ?? err.message ?? String(e);
  if (code === 'ECONNREFUSED') return new AppFailure('NETWORK', `Connection refused by ${host}: nothing is listening there. Is the server running and is the URL right?`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new AppFailure('NETWORK', `Host ${host} not found (DNS). Check the URL.`);
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || /other side closed|socket hang up/i.test(detail)) return new AppFailure('NETWORK', `${host} closed the connection before answering (connection reset).`);
  if (TLS_CODES.test(code) || /certificate/i.test(detail)) return new AppFailure('NETWORK', `The TLS certificate of ${host} is not trusted (${code || detail}). The app does not bypass certificate checks: fix the certificate or use the server's proper hostname.`);
  if (/redirect/i.test(detail)) return new AppFailure('NETWORK', `Too many redirects from ${host} (a redirect loop?).`);
  return new AppFailure('NETWORK', `Request to ${host} failed: ${detail}${code ? ` (${code})` : ''}.`);
}
