import type { HeaderList } from '../../app/activity/index.ts';
import { AppFailure } from '../../app/result/index.ts';
import type { Clock } from '../ports.ts';
import type { ExchangeRecorder, HttpClient, HttpRequest, HttpResponse } from './http-client.ts';
import { describeTransportError } from './transport-errors.ts';

const DEFAULT_TIMEOUT = 30_000;
const DEFAULT_MAX_BODY = 20 * 1024 * 1024;
const MB = 1024 * 1024;

/** OAuth answers are small; a huge one is an error page or an attack, so read little of it. */
const MAX_BODY_BY_PURPOSE: Partial<Record<HttpRequest['purpose'], number>> = { token: MB, revoke: MB, introspect: MB, jwks: MB, discovery: 2 * MB };

/** Reads a body up to `max` bytes; the rest is cancelled, so a 200 MB answer cannot exhaust memory. */
async function readLimited(res: Response, max: number): Promise<{ text: string; truncated: boolean; size: number }> {
  if (!res.body) return { text: '', truncated: false, size: 0 };
  const reader = res.body.getReader();
  // Most answers (every token response) arrive in one chunk: that one is decoded in a single
  // step. From the second chunk on, text is decoded as the bytes arrive, so only text (not
  // bytes, a joined copy and text) is held.
  let first: Uint8Array | undefined;
  let decoder: TextDecoder | undefined;
  const parts: string[] = [];
  let size = 0;
  let truncated = false;
  const take = (bytes: Uint8Array) => {
    if (!decoder && !first) {
      first = bytes;
      return;
    }
    if (!decoder) {
      decoder = new TextDecoder('utf-8');
      parts.push(decoder.decode(first, { stream: true }));
    }
    parts.push(decoder.decode(bytes, { stream: true }));
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    if (size + value.byteLength > max) {
      take(value.subarray(0, max - size));
      size = max;
      truncated = true;
      await reader.cancel().catch(() => undefined);
      break;
    }
    take(value);
    size += value.byteLength;
  }
  if (decoder) {
    parts.push(decoder.decode());
    return { text: parts.join(''), truncated, size };
  }
  const text = first ? Buffer.from(first.buffer, first.byteOffset, first.byteLength).toString('utf8') : '';
  // TextDecoder drops a leading byte order mark; the one-chunk path does the same.
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, truncated, size };
}

const toList = (h: Headers): HeaderList => {
  const list: HeaderList = [];
  h.forEach((value, name) => { list.push({ name, value }); });
  return list;
};

/**
 * The real HttpClient: fetch with a timeout, user cancellation, a body-size cap, redirect
 * policy, clear transport errors, and an activity-log record of every exchange.
 */
export function createFetchHttpClient(deps: { fetch?: typeof fetch; clock: Clock; log: ExchangeRecorder; beforeSend?: (url: string) => Promise<void> }): HttpClient {
  const doFetch = deps.fetch ?? fetch;
  return {
    async send(req: HttpRequest): Promise<HttpResponse> {
      if (deps.beforeSend) await deps.beforeSend(req.url);
      const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT;
      const t0 = performance.now();
      // One controller for both the timeout and the caller's cancel (AbortSignal.any costs more per request).
      const stop = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => { timedOut = true; stop.abort(); }, timeoutMs);
      const cancel = () => stop.abort(req.signal?.reason);
      if (req.signal?.aborted) cancel();
      else req.signal?.addEventListener('abort', cancel, { once: true });
      const logged = () => ({
        purpose: req.purpose, profileId: req.profileId, method: req.method, url: req.url, requestBody: req.body,
        requestHeaders: Object.entries(req.headers ?? {}).map(([name, value]) => ({ name, value })) as HeaderList,
      });
      const sensitive = req.sensitiveValues ?? [];
      try {
        // Only reads may follow redirects: a token POST that silently moved would resend credentials elsewhere.
        const follow = req.followRedirects === true && /^(GET|HEAD)$/i.test(req.method);
        // Awaited at once: undici writes the request only after the current synchronous code
        // (and its microtasks) has run, so work placed here would delay the request, not overlap it.
        const res = await doFetch(req.url, { method: req.method, headers: req.headers, body: req.body, signal: stop.signal, redirect: follow ? 'follow' : 'manual' });
        const waitMs = performance.now() - t0;
        const body = await readLimited(res, req.maxBodyBytes ?? MAX_BODY_BY_PURPOSE[req.purpose] ?? DEFAULT_MAX_BODY);
        const totalMs = performance.now() - t0;
        const headers = toList(res.headers);
        const activityId = deps.log.recordNow({
          ...logged(), status: res.status, statusText: res.statusText, responseHeaders: headers, responseBody: body.text,
          responseTruncated: body.truncated, responseSize: body.size, timings: { totalMs: Math.round(totalMs), waitMs: Math.round(waitMs) },
        }, sensitive);
        return {
          status: res.status, statusText: res.statusText, headers, bodyText: body.text, bodyTruncated: body.truncated, bodySize: body.size,
          url: res.url || req.url, timings: { totalMs, waitMs }, activityId,
          // Looked up in the copied list, so the response object (and its stream) is not kept alive by it.
          header: (name) => { const n = name.toLowerCase(); return headers.find((h) => h.name === n)?.value; },
        };
      } catch (e) {
        const failure = e instanceof AppFailure ? e : describeTransportError(e, { url: req.url, timeoutMs, timedOut, cancelled: !!req.signal?.aborted });
        await deps.log.record({ ...logged(), responseHeaders: [], timings: { totalMs: Math.round(performance.now() - t0) }, error: { code: failure.code, message: failure.message, ...(failure.networkError ? { networkCode: failure.networkError.code } : {}) } }, sensitive)
          .catch(() => undefined);
        throw failure;
      } finally {
        clearTimeout(timer);
        req.signal?.removeEventListener('abort', cancel);
      }
    },
  };
}
