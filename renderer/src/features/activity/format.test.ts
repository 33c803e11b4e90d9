import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, headerValue, splitUrl, statusBadge, viewBody } from './format.ts';

describe('statusBadge', () => {
  it('colours by status class and shows the error code when nothing came back', () => {
    expect(statusBadge({ status: 200 })).toEqual({ label: '200', tone: 'ok' });
    expect(statusBadge({ status: 302 })).toEqual({ label: '302', tone: 'info' });
    expect(statusBadge({ status: 401 })).toEqual({ label: '401', tone: 'warning' });
    expect(statusBadge({ status: 503 })).toEqual({ label: '503', tone: 'error' });
    expect(statusBadge({ error: { code: 'TIMEOUT', message: 'x' } })).toEqual({ label: 'TIMEOUT', tone: 'error' });
    expect(statusBadge({})).toEqual({ label: 'NO RESPONSE', tone: 'error' });
  });
});

describe('formatting', () => {
  it('formats durations and sizes', () => {
    expect(formatDuration(84.4)).toBe('84 ms');
    expect(formatDuration(1250)).toBe('1.25 s');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(20 * 1024 * 1024)).toBe('20.0 MB');
  });

  it('splits a URL into origin and the rest, and keeps what does not parse', () => {
    expect(splitUrl('https://fhir.example:8443/r4/Patient?name=x')).toEqual({ origin: 'https://fhir.example:8443', rest: '/r4/Patient?name=x' });
    expect(splitUrl('nonsense')).toEqual({ origin: '', rest: 'nonsense' });
  });

  it('finds headers regardless of case', () => {
    expect(headerValue([{ name: 'Content-Type', value: 'application/json' }], 'content-type')).toBe('application/json');
    expect(headerValue([], 'content-type')).toBeUndefined();
  });
});

describe('viewBody', () => {
  it('pretty-prints JSON, even when the content type does not say so', () => {
    expect(viewBody('{"a":1,"b":[2]}', 'application/fhir+json')).toEqual({ kind: 'json', text: '{\n  "a": 1,\n  "b": [\n    2\n  ]\n}' });
    expect(viewBody('[1]', 'text/plain').kind).toBe('json');
  });

  it('decodes form fields into rows', () => {
    expect(viewBody('grant_type=client_credentials&scope=system%2F*.rs+openid', 'application/x-www-form-urlencoded; charset=UTF-8')).toEqual({
      kind: 'form', text: 'grant_type=client_credentials&scope=system%2F*.rs+openid',
      fields: [{ name: 'grant_type', value: 'client_credentials' }, { name: 'scope', value: 'system/*.rs openid' }],
    });
  });

  it('shows broken JSON and other text as it is', () => {
    expect(viewBody('{"cut":', 'application/json')).toEqual({ kind: 'text', text: '{"cut":' });
    expect(viewBody('<html>', 'text/html')).toEqual({ kind: 'text', text: '<html>' });
  });
});
