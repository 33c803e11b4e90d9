import { type HeaderList, redactBody, redactHeaders, redactUrl } from '../../../../app/activity/index.ts';
import type { RequestView, ResponseView } from '../../../../app/contract/index.ts';
import type { HttpRequest, HttpResponse } from '../../../http/index.ts';

/**
 * Turns exchanges into what the renderer may see: redacted request and response views, and
 * header records for the conformance engine.
 *
 * The renderer shows "the request as sent"; routing every view through the activity log's
 * redaction keeps the two displays identical and keeps secrets out of both.
 */

/** A header list as a record (names lower-cased, duplicates joined), the shape the engine reads. */
export function headersRecord(list: HeaderList | Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = Array.isArray(list) ? list.map((h) => [h.name, h.value] as const) : Object.entries(list ?? {});
  for (const [name, value] of entries) {
    const k = name.toLowerCase();
    out[k] = out[k] === undefined ? value : `${out[k]}, ${value}`;
  }
  return out;
}

const contentTypeOf = (h: HeaderList) => h.find((x) => x.name.toLowerCase() === 'content-type')?.value;

/** The request as sent, with secrets, codes, tokens and the assertion signature redacted. */
export function requestView(req: Pick<HttpRequest, 'method' | 'url' | 'headers' | 'body'>, sensitive: readonly string[] = []): RequestView {
  const headers: HeaderList = Object.entries(req.headers ?? {}).map(([name, value]) => ({ name, value }));
  const view: RequestView = { method: req.method, url: redactUrl(req.url, sensitive), headers: redactHeaders(headers, sensitive) };
  const body = redactBody(req.body, contentTypeOf(headers), sensitive);
  if (body !== undefined) view.body = body;
  return view;
}

/** The response as received, redacted the same way, with timings rounded to milliseconds. */
export function responseView(res: HttpResponse, sensitive: readonly string[] = []): ResponseView {
  const view: ResponseView = {
    status: res.status, statusText: res.statusText, headers: redactHeaders(res.headers, sensitive),
    bodyTruncated: res.bodyTruncated, durationMs: Math.round(res.timings.totalMs), waitMs: Math.round(res.timings.waitMs),
  };
  const body = redactBody(res.bodyText, contentTypeOf(res.headers), sensitive);
  if (body !== undefined) view.body = body;
  return view;
}

/** True when a body is an HTML page (by Content-Type or by its first character). */
export function looksLikeHtml(contentType: string | undefined, body: string): boolean {
  return /html/i.test(contentType ?? '') || /^\s*</.test(body);
}

/** The first characters of a body, on one line, for an error message (an HTML page's visible text). */
export function snippet(body: string, max = 120): string {
  const flat = body.replace(/<(style|script|head)\b[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
