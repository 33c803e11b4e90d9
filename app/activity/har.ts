import type { ActivityEntry } from './types.ts';

const query = (url: string) => {
  try { return [...new URL(url).searchParams].map(([name, value]) => ({ name, value })); } catch { return []; }
};
const header = (h: { name: string; value: string }[], n: string) => h.find((x) => x.name.toLowerCase() === n)?.value;
// HAR sizes are bytes, not UTF-16 code units.
const bytes = (s: string) => new TextEncoder().encode(s).byteLength;

/**
 * Converts activity entries to a HAR 1.2 log, for sharing with a vendor's support or opening
 * in browser devtools. Entries are exported exactly as given (the caller passes redacted ones).
 * @see http://www.softwareishard.com/blog/har-12-spec/
 */
export function toHar(entries: ActivityEntry[], creatorVersion: string): { log: Record<string, unknown> } {
  return {
    log: {
      version: '1.2',
      creator: { name: 'FHIR Auth Explorer', version: creatorVersion },
      entries: entries.map((e) => ({
        startedDateTime: e.at,
        time: e.timings.totalMs,
        comment: [e.purpose, e.error ? `${e.error.code}: ${e.error.message}` : '', e.redacted ? 'secrets redacted' : 'NOT redacted'].filter(Boolean).join(' · '),
        request: {
          method: e.method, url: e.url, httpVersion: 'HTTP/1.1', cookies: [], headers: e.requestHeaders, queryString: query(e.url),
          ...(e.requestBody ? { postData: { mimeType: header(e.requestHeaders, 'content-type') ?? 'application/octet-stream', text: e.requestBody } } : {}),
          headersSize: -1, bodySize: e.requestBody ? bytes(e.requestBody) : 0,
        },
        response: {
          status: e.status ?? 0, statusText: e.statusText ?? (e.error?.message ?? ''), httpVersion: 'HTTP/1.1', cookies: [], headers: e.responseHeaders,
          content: { size: e.responseSize ?? bytes(e.responseBody ?? ''), mimeType: header(e.responseHeaders, 'content-type') ?? 'x-unknown', text: e.responseBody ?? '' },
          redirectURL: header(e.responseHeaders, 'location') ?? '', headersSize: -1, bodySize: e.responseSize ?? -1,
        },
        cache: {},
        timings: { send: 0, wait: e.timings.waitMs ?? e.timings.totalMs, receive: Math.max(0, e.timings.totalMs - (e.timings.waitMs ?? e.timings.totalMs)) },
      })),
    },
  };
}
