import { describe, expect, it } from 'vitest';
import { toHar } from './har.ts';
import type { ActivityEntry } from './types.ts';

type HarEntry = {
  startedDateTime: string; time: number; comment: string;
  request: { method: string; url: string; httpVersion: string; headers: unknown[]; queryString: { name: string; value: string }[]; cookies: unknown[]; postData?: { mimeType: string; text: string }; headersSize: number; bodySize: number };
  response: { status: number; statusText: string; httpVersion: string; headers: unknown[]; cookies: unknown[]; content: { size: number; mimeType: string; text: string }; redirectURL: string; headersSize: number; bodySize: number };
  cache: object; timings: { send: number; wait: number; receive: number };
};
type Har = { log: { version: string; creator: { name: string; version: string }; entries: HarEntry[] } };

const tokenPost: ActivityEntry = {
  id: 'a1', at: '2026-01-02T03:04:05.000Z', purpose: 'token', profileId: 'p1', method: 'POST', url: 'https://auth.example/token',
  requestHeaders: [{ name: 'content-type', value: 'application/x-www-form-urlencoded' }, { name: 'authorization', value: 'Basic ‹redacted›' }],
  requestBody: 'grant_type=client_credentials&scope=system%2F*.rs',
  status: 200, statusText: 'OK',
  responseHeaders: [{ name: 'Content-Type', value: 'application/json' }],
  responseBody: '{"access_token":"‹redacted›","token_type":"Bearer"}', responseSize: 60,
  timings: { totalMs: 120, waitMs: 100 }, redacted: true,
};
const discoveryGet: ActivityEntry = {
  id: 'a2', at: '2026-01-02T03:04:06.000Z', purpose: 'discovery', method: 'GET', url: 'https://fhir.example/.well-known/smart-configuration?x=1&y=%C3%A9',
  requestHeaders: [{ name: 'accept', value: 'application/json' }],
  status: 302, statusText: 'Found', responseHeaders: [{ name: 'location', value: 'https://fhir.example/moved' }], responseBody: 'é',
  timings: { totalMs: 40, waitMs: 30 }, redacted: true,
};
const refused: ActivityEntry = {
  id: 'a3', at: '2026-01-02T03:04:07.000Z', purpose: 'jwks', method: 'GET', url: 'http://127.0.0.1:9/jwks', requestHeaders: [], responseHeaders: [],
  timings: { totalMs: 3 }, error: { code: 'NETWORK', message: 'Connection refused by 127.0.0.1:9' }, redacted: true,
};

const har = (entries: ActivityEntry[]) => toHar(entries, '9.8.7') as unknown as Har;

describe('toHar', () => {
  it('produces a HAR 1.2 log with a creator and one entry per exchange, in the given order', () => {
    const out = har([tokenPost, discoveryGet, refused]);
    expect(out.log.version).toBe('1.2');
    expect(out.log.creator).toEqual({ name: 'FHIR Auth Explorer', version: '9.8.7' });
    expect(out.log.entries.map((e) => e.request.url)).toEqual([tokenPost.url, discoveryGet.url, refused.url]);
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });

  it('gives every entry the members HAR 1.2 requires', () => {
    for (const e of har([tokenPost, discoveryGet, refused]).log.entries) {
      expect(Object.keys(e)).toEqual(expect.arrayContaining(['startedDateTime', 'time', 'request', 'response', 'cache', 'timings']));
      expect(Object.keys(e.request)).toEqual(expect.arrayContaining(['method', 'url', 'httpVersion', 'cookies', 'headers', 'queryString', 'headersSize', 'bodySize']));
      expect(Object.keys(e.response)).toEqual(expect.arrayContaining(['status', 'statusText', 'httpVersion', 'cookies', 'headers', 'content', 'redirectURL', 'headersSize', 'bodySize']));
      expect(Object.keys(e.response.content)).toEqual(expect.arrayContaining(['size', 'mimeType']));
      expect(e.timings.send + e.timings.wait + e.timings.receive).toBe(e.time);
      expect(Number.isNaN(Date.parse(e.startedDateTime))).toBe(false);
    }
  });

  it('maps a POST with its body, headers, timings and response content', () => {
    const [e] = har([tokenPost]).log.entries;
    expect(e!.startedDateTime).toBe('2026-01-02T03:04:05.000Z');
    expect(e!.time).toBe(120);
    expect(e!.timings).toEqual({ send: 0, wait: 100, receive: 20 });
    expect(e!.request.method).toBe('POST');
    expect(e!.request.headers).toEqual(tokenPost.requestHeaders);
    expect(e!.request.postData).toEqual({ mimeType: 'application/x-www-form-urlencoded', text: tokenPost.requestBody });
    expect(e!.request.bodySize).toBe(tokenPost.requestBody!.length);
    expect(e!.response.status).toBe(200);
    expect(e!.response.content).toEqual({ size: 60, mimeType: 'application/json', text: tokenPost.responseBody });
    expect(e!.comment).toContain('token');
    expect(e!.comment).toContain('secrets redacted');
  });

  it('has postData only when there is a body', () => {
    const [get, emptyPost] = har([discoveryGet, { ...tokenPost, requestBody: '' }]).log.entries;
    expect(get!.request).not.toHaveProperty('postData');
    expect(get!.request.bodySize).toBe(0);
    expect(emptyPost!.request).not.toHaveProperty('postData');
  });

  it('lists query parameters decoded, the redirect target, and sizes in bytes', () => {
    const [e] = har([discoveryGet]).log.entries;
    expect(e!.request.queryString).toEqual([{ name: 'x', value: '1' }, { name: 'y', value: 'é' }]);
    expect(e!.response.redirectURL).toBe('https://fhir.example/moved');
    expect(e!.response.content.size).toBe(2);
  });

  it('shows a failed exchange as status 0 with the error in the status text and comment', () => {
    const [e] = har([refused]).log.entries;
    expect(e!.response.status).toBe(0);
    expect(e!.response.statusText).toContain('Connection refused');
    expect(e!.response.content).toEqual({ size: 0, mimeType: 'x-unknown', text: '' });
    expect(e!.comment).toContain('NETWORK: Connection refused');
    expect(e!.timings).toEqual({ send: 0, wait: 3, receive: 0 });
  });

  it('says so when an entry is not redacted', () => {
    expect(har([{ ...tokenPost, redacted: false }]).log.entries[0]!.comment).toContain('NOT redacted');
  });

  it('exports an empty log', () => {
    expect(har([]).log.entries).toEqual([]);
  });
});
