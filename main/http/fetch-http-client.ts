import type { HeaderList } from '../../app/activity/types.ts';
import { AppFailure } from '../../app/contract/result.ts';
import type { Clock } from '../ports.ts';
import type { ActivityLog } from '../services/activity-log.ts';
import type { HttpClient, HttpRequest, HttpResponse } from './http-client.ts';
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
  // Decode as the bytes arrive, so only text (not bytes, a joined copy and text) is held.
  const decoder = new TextDecoder('utf-8');
  const parts: string[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    if (size + value.byteLength > max) {
      parts.push(decoder.decode(value.subarray(0, max - size), { stream: true }));
      size = max;
      truncated = true;
      await reader.cancel().catch(() => undefined);
      break;
    }
    parts.push(decoder.decode(value, { stream: true }));
    size += value.byteLength;
  }
  parts.push(decoder.decode());
  return { text: parts.join(''), truncated, size };
}

const toList = (h: Headers): HeaderList => [...h.entries()].map(([name, value]) => ({ name, value }));

/**
 * The real HttpClient: fetch with a timeout, user cancellation, a body-size cap, redirect
 * policy, clear transport errors, and an activity-log record of every exchange.
 */
export function createFetchHttpClient(deps: { fetch?: typeof fetch; clock: Clock; log: ActivityLog; beforeSend?: (url: string) => Promise<void> }): HttpClient {
  const doFetch = deps.fetch ?? fetch;
  return {
    async send(req: HttpRequest): Promise<HttpResponse> {
      await deps.beforeSend?.(req.url);
      const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT;
      const t0 = performance.now();
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(), timeoutMs);
      const signal = req.signal ? AbortSignal.any([req.signal, timeout.signal]) : timeout.signal;
      const requestHeaders: HeaderList = Object.entries(req.headers ?? {}).map(([name, value]) => ({ name, value }));
      const base = { purpose: req.purpose, profileId: req.profileId, method: req.method, url: req.url, requestHeaders, requestBody: req.body };
      const sensitive = req.sensitiveValues ?? [];
      try {
        // Only reads may follow redirects: a token POST that silently moved would resend credentials elsewhere.
        const follow = req.followRedirects === true && /^(GET|HEAD)$/i.test(req.method);
        const res = await doFetch(req.url, { method: req.method, headers: req.headers, body: req.body, signal, redirect: follow ? 'follow' : 'manual' });
        const waitMs = performance.now() - t0;
        const body = await readLimited(res, req.maxBodyBytes ?? MAX_BODY_BY_PURPOSE[req.purpose] ?? DEFAULT_MAX_BODY);
        const totalMs = performance.now() - t0;
        const headers = toList(res.headers);
        const activityId = await deps.log.record({
          ...base, status: res.status, statusText: res.statusText, responseHeaders: headers, responseBody: body.text,
          responseTruncated: body.truncated, responseSize: body.size, timings: { totalMs: Math.round(totalMs), waitMs: Math.round(waitMs) },
        }, sensitive);
        return {
          status: res.status, statusText: res.statusText, headers, bodyText: body.text, bodyTruncated: body.truncated, bodySize: body.size,
          url: res.url || req.url, timings: { totalMs, waitMs }, activityId,
          header: (name) => res.headers.get(name) ?? undefined,
        };
      } catch (e) {
        const failure = e instanceof AppFailure ? e : describeTransportError(e, { url: req.url, timeoutMs, timedOut: timeout.signal.aborted, cancelled: !!req.signal?.aborted });
        await deps.log.record({ ...base, responseHeaders: [], timings: { totalMs: Math.round(performance.now() - t0) }, error: { code: failure.code, message: failure.message } }, sensitive)
          .catch(() => undefined);
        throw failure;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
