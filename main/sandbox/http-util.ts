/**
 * Small HTTP building blocks shared by the sandbox's hand-written routes.
 *
 * Why: the FHIR server, the bulk-export endpoints, the interaction pages and the failure
 * simulator all answer in the same few shapes (FHIR JSON with an OperationOutcome on error,
 * OAuth JSON errors, HTML). Keeping those shapes here means every malformed request gets the
 * error format its spec prescribes, never a stack trace.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';

/** Media type of every FHIR JSON response. */
export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** Thrown by `readBody` when a request body exceeds the route's limit. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body larger than ${limit} bytes`);
  }
}

/** Read a whole request body, refusing more than `limit` bytes. */
export async function readBody(req: IncomingMessage, limit = 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > limit) throw new BodyTooLargeError(limit);
    chunks.push(buf);
  }
  return Buffer.concat(chunks, size);
}

/**
 * A fresh, readable copy of a request whose body has already been read.
 *
 * Why: the sandbox looks at some OAuth request bodies (to apply per-client failure modes, or to
 * map a JWT access token to its id for introspection) before oidc-provider parses them itself.
 */
export function replayRequest(req: IncomingMessage, body: Buffer): IncomingMessage {
  const stream = new PassThrough();
  stream.end(body);
  const headers = { ...req.headers, 'content-length': String(body.length) };
  return Object.assign(stream, {
    headers,
    rawHeaders: Object.entries(headers).flatMap(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v ?? '')]),
    method: req.method,
    url: req.url,
    httpVersion: req.httpVersion,
    httpVersionMajor: req.httpVersionMajor,
    httpVersionMinor: req.httpVersionMinor,
    socket: req.socket,
    connection: req.socket,
    complete: true,
    aborted: false,
    trailers: {},
    rawTrailers: [],
  }) as unknown as IncomingMessage;
}

/** Send a JSON body with the given status and extra headers. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  contentType = 'application/json; charset=utf-8',
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** An OperationOutcome with one issue, the FHIR way to describe any error. */
export function operationOutcome(severity: 'error' | 'fatal' | 'warning' | 'information', code: string, text: string) {
  return { resourceType: 'OperationOutcome', issue: [{ severity, code, diagnostics: text, details: { text } }] };
}

/** Answer a FHIR request with an error status and an OperationOutcome. */
export function sendOutcome(
  res: ServerResponse,
  status: number,
  code: string,
  text: string,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, operationOutcome(status >= 500 ? 'fatal' : 'error', code, text), headers, FHIR_JSON);
}

/** Answer an OAuth endpoint with the RFC 6749 §5.2 JSON error shape (never cached). */
export function sendOAuthError(res: ServerResponse, status: number, error: string, description: string): void {
  const headers: Record<string, string> = { 'cache-control': 'no-store', pragma: 'no-cache' };
  if (status === 401) headers['www-authenticate'] = `Basic realm="sandbox", error="${error}"`;
  sendJson(res, status, { error, error_description: description }, headers);
}

/** Send an HTML page (the interaction and EHR-simulator pages). */
export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-store',
  });
  res.end(html);
}

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Resolve after `ms` milliseconds (used by the slow-response failure mode and job pacing). */
export function delay(ms: number): Promise<void> {
  // unref: a pending simulated delay must not keep the process alive after stop().
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
