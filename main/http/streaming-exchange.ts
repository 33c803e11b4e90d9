import type { ExchangePurpose, HeaderList } from '../../app/activity/index.ts';
import { AppFailure } from '../../app/result/index.ts';
import { describeTransportError } from './transport-errors.ts';
import type { ExchangeRecorder } from './http-client.ts';
import { fetchTransport, nodeHttpTransport, type Transport } from './node-http-transport.ts';

/**
 * An HTTP exchange whose body is consumed as a stream, still recorded in the activity log.
 *
 * Why: the HttpClient buffers whole bodies (and the log redacts them in full), which is right
 * for token and discovery calls but not for a 1 GB NDJSON download or a 50 MB search result.
 * This path streams the body to its consumer and logs a summary: status, headers, size,
 * timings and at most a preview of the body.
 */

/** The part of the activity log this needs. */
export type ExchangeLog = Pick<ExchangeRecorder, 'record'>;

/**
 * Network, log, and an optional hook run before each request (starts the built-in sandbox on
 * first use). Without `fetch` (tests replace the network with it), node:http streams the body.
 */
export interface StreamDeps { fetch?: typeof fetch; log: ExchangeLog; beforeSend?: (url: string) => Promise<void> }

/** One streamed request. */
export interface StreamRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  purpose: ExchangePurpose;
  profileId?: string;
  /** Abort when no response headers arrive within this long (default 30 s). */
  headersTimeoutMs?: number;
  /** Abort when the body stalls (no bytes) for this long (default 30 s). */
  idleTimeoutMs?: number;
  signal?: AbortSignal;
  /** Values to hide in the log (the token being sent). */
  sensitiveValues?: string[];
}

/** The response, body not yet read. */
export interface OpenResponse {
  status: number;
  statusText: string;
  headers: HeaderList;
  header(name: string): string | undefined;
  url: string;
  waitMs: number;
  /** The body's chunks; each chunk resets the stall timer. */
  chunks(): AsyncGenerator<Uint8Array>;
}

/** What the consumer tells the log about the body it read. */
export interface BodySummary { size: number; preview?: string; truncated?: boolean }

/** The consumer's result plus the exchange's log entry and timing. */
export interface Streamed<T> { value: T; activityId: string; totalMs: number; waitMs: number }

/** Log previews are cut here; the log itself keeps at most 256 KB of a body. */
export const LOG_PREVIEW_CHARS = 256 * 1024;

/**
 * Sends `req`, hands the open response to `consume`, and records the exchange. Transport
 * failures (refused, reset, timeout, stall, cancel) become AppFailures with words.
 */
export async function streamExchange<T>(
  deps: StreamDeps,
  req: StreamRequest,
  consume: (res: OpenResponse) => Promise<{ value: T; body: BodySummary }>,
): Promise<Streamed<T>> {
  const transport: Transport = deps.fetch ? fetchTransport(deps.fetch) : nodeHttpTransport;
  const headersTimeout = req.headersTimeoutMs ?? 30_000;
  const idleTimeout = req.idleTimeoutMs ?? 30_000;
  const timer = new AbortController();
  let timedOut = false;
  let stalled = false;
  let watchdog: NodeJS.Timeout | undefined;
  let watchdogMs = 0;
  const arm = (ms: number, stall: boolean) => {
    // Every body chunk re-arms the stall timer: refresh() reschedules without a new timer.
    if (watchdog && ms === watchdogMs && stalled === stall) { watchdog.refresh(); return; }
    clearTimeout(watchdog);
    watchdogMs = ms;
    stalled = stall;
    watchdog = setTimeout(() => { timedOut = true; timer.abort(); }, ms);
  };
  const signal = req.signal ? AbortSignal.any([req.signal, timer.signal]) : timer.signal;
  const t0 = performance.now();
  const requestHeaders: HeaderList = Object.entries(req.headers ?? {}).map(([name, value]) => ({ name, value }));
  const base = { purpose: req.purpose, profileId: req.profileId, method: req.method, url: req.url, requestHeaders, requestBody: req.body };
  const sensitive = req.sensitiveValues ?? [];
  let status: number | undefined;
  let statusText: string | undefined;
  let responseHeaders: HeaderList = [];
  let waitMs = 0;
  try {
    await deps.beforeSend?.(req.url);
    arm(headersTimeout, false);
    const res = await transport(req.url, { method: req.method, headers: req.headers, body: req.body, signal, followRedirects: /^(GET|HEAD)$/i.test(req.method) });
    waitMs = performance.now() - t0;
    status = res.status;
    statusText = res.statusText;
    responseHeaders = res.headers;
    arm(idleTimeout, true);
    const open: OpenResponse = {
      status: res.status, statusText: res.statusText, headers: responseHeaders, url: res.url, waitMs,
      header: (name) => {
        const found = responseHeaders.filter((h) => h.name.toLowerCase() === name.toLowerCase()).map((h) => h.value);
        return found.length ? found.join(', ') : undefined;
      },
      async *chunks() {
        let finished = false;
        try {
          for await (const chunk of res.chunks) {
            arm(idleTimeout, true);
            yield chunk;
          }
          finished = true;
        } finally {
          if (!finished) res.cancel();
        }
      },
    };
    const { value, body } = await consume(open);
    clearTimeout(watchdog);
    const totalMs = performance.now() - t0;
    const activityId = await deps.log.record({
      ...base, status: res.status, statusText: res.statusText, responseHeaders, responseBody: body.preview,
      responseTruncated: !!body.truncated, responseSize: body.size, timings: { totalMs: Math.round(totalMs), waitMs: Math.round(waitMs) },
    }, sensitive);
    return { value, activityId, totalMs, waitMs };
  } catch (e) {
    clearTimeout(watchdog);
    const cancelled = !!req.signal?.aborted;
    let failure: AppFailure;
    if (e instanceof AppFailure && !cancelled && !timedOut) failure = e;
    else if (timedOut && stalled && !cancelled) {
      let host = req.url;
      try { host = new URL(req.url).host; } catch { /* keep the url */ }
      failure = new AppFailure('TIMEOUT', `${host} stopped sending data for ${Math.round(idleTimeout / 1000)} s in the middle of the response.`);
    } else failure = describeTransportError(e, { url: req.url, timeoutMs: headersTimeout, timedOut, cancelled });
    await deps.log.record({
      ...base, status, statusText, responseHeaders, timings: { totalMs: Math.round(performance.now() - t0), waitMs: Math.round(waitMs) },
      error: { code: failure.code, message: failure.message, ...(failure.networkError ? { networkCode: failure.networkError.code } : {}) },
    }, sensitive).catch(() => undefined);
    throw failure;
  }
}

/** Reads a body into memory up to `maxBytes` as bytes; the rest is not read and the result says so. */
export async function readBodyBytes(res: OpenResponse, maxBytes: number): Promise<{ bytes: Buffer; size: number; truncated: boolean }> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for await (const chunk of res.chunks()) {
    if (size + chunk.byteLength > maxBytes) {
      chunks.push(chunk.subarray(0, maxBytes - size));
      size = maxBytes;
      truncated = true;
      break;
    }
    chunks.push(chunk);
    size += chunk.byteLength;
  }
  return { bytes: Buffer.concat(chunks, size), size, truncated };
}

/** Reads a body as text up to `maxBytes`. */
export async function readBodyLimited(res: OpenResponse, maxBytes: number): Promise<{ text: string; size: number; truncated: boolean }> {
  const { bytes, size, truncated } = await readBodyBytes(res, maxBytes);
  return { text: bytes.toString('utf8'), size, truncated };
}

/** The log's view of a body: whole when small, otherwise its start, flagged as cut. */
export function logPreview(text: string, size: number, truncated = false): BodySummary {
  return text.length > LOG_PREVIEW_CHARS
    ? { size, preview: text.slice(0, LOG_PREVIEW_CHARS), truncated: true }
    : { size, preview: text, truncated };
}

/** The log's view of a body held as bytes (only the start is decoded). */
export function logPreviewBytes(bytes: Buffer, truncated = false): BodySummary {
  return bytes.length > LOG_PREVIEW_CHARS
    ? { size: bytes.length, preview: bytes.subarray(0, LOG_PREVIEW_CHARS).toString('utf8'), truncated: true }
    : { size: bytes.length, preview: bytes.toString('utf8'), truncated };
}
