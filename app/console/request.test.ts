import { describe, expect, it } from 'vitest';
import { buildConsoleRequest, checkJson, encodeQueryComponent, looksLikeJson, resolveConsoleUrl, sameOrigin } from './request.ts';

const BASE = 'https://fhir.example.com/r4/';

describe('resolveConsoleUrl', () => {
  it('joins relative paths to the FHIR base, with or without a leading slash', () => {
    expect(resolveConsoleUrl(BASE, 'Patient')).toBe('https://fhir.example.com/r4/Patient');
    expect(resolveConsoleUrl(BASE, '/metadata')).toBe('https://fhir.example.com/r4/metadata');
    expect(resolveConsoleUrl('https://fhir.example.com/r4', 'Patient/123/_history/2')).toBe('https://fhir.example.com/r4/Patient/123/_history/2');
  });

  it('keeps absolute URLs and appends enabled query rows after any query already in the path', () => {
    expect(resolveConsoleUrl(BASE, 'https://other.example/fhir/Observation?_count=5', [{ name: 'code', value: 'http://loinc.org|4548-4' }]))
      .toBe('https://other.example/fhir/Observation?_count=5&code=http://loinc.org%7C4548-4');
    expect(resolveConsoleUrl(BASE, 'Observation', [{ name: 'date', value: 'ge2024-01-01' }, { name: 'skip', value: 'x', enabled: false }, { name: ' ', value: 'blank' }]))
      .toBe('https://fhir.example.com/r4/Observation?date=ge2024-01-01');
    expect(resolveConsoleUrl(BASE, 'Observation?', [{ name: '_include', value: 'Observation:patient' }])).toBe('https://fhir.example.com/r4/Observation?_include=Observation:patient');
  });

  it('encodes what must be encoded and keeps FHIR punctuation readable', () => {
    expect(encodeQueryComponent('a b&c=d:e,f/$g@h|#')).toBe('a%20b%26c%3Dd:e,f/$g@h%7C%23');
  });

  it('refuses other schemes and unparseable URLs in words', () => {
    expect(() => resolveConsoleUrl(BASE, 'file:///etc/passwd')).toThrow(/Only http:\/\/ and https:\/\/ URLs/);
    expect(() => resolveConsoleUrl(BASE, 'javascript:alert(1)')).toThrow(/not javascript:/);
    expect(() => resolveConsoleUrl(BASE, 'http://exa mple.com/x')).toThrow(/not a valid URL/);
  });
});

describe('buildConsoleRequest', () => {
  it('adds FHIR Accept and Content-Type unless typed, and drops the body of a GET', () => {
    const post = buildConsoleRequest(BASE, { method: 'post', path: 'Patient', body: '{}', headers: [{ name: 'X-A', value: '1' }, { name: 'X-Off', value: '2', enabled: false }] });
    expect(post).toMatchObject({ method: 'POST', body: '{}', tokenAllowed: true, userAuthorization: false });
    expect(post.headers).toEqual({ 'X-A': '1', Accept: 'application/fhir+json', 'Content-Type': 'application/fhir+json' });
    const get = buildConsoleRequest(BASE, { method: 'GET', path: 'Patient', body: '{}', headers: [{ name: 'accept', value: 'application/json' }] });
    expect(get.body).toBeUndefined();
    expect(get.headers).toEqual({ accept: 'application/json' });
  });

  it('allows the token only on the FHIR base origin and notices a typed Authorization', () => {
    expect(buildConsoleRequest(BASE, { method: 'GET', path: 'https://fhir.example.com/other/x' }).tokenAllowed).toBe(true);
    expect(buildConsoleRequest(BASE, { method: 'GET', path: 'https://fhir.example.com:8443/r4/x' }).tokenAllowed).toBe(false);
    expect(buildConsoleRequest(BASE, { method: 'GET', path: 'http://fhir.example.com/r4/x' }).tokenAllowed).toBe(false);
    expect(buildConsoleRequest(BASE, { method: 'GET', path: 'x', headers: [{ name: 'authorization', value: 'Basic abc' }] }).userAuthorization).toBe(true);
    expect(sameOrigin('not a url', BASE)).toBe(false);
  });
});

describe('checkJson and looksLikeJson', () => {
  it('reports line and column of the first problem', () => {
    expect(checkJson('{"a": 1}')).toBeUndefined();
    const problem = checkJson('{\n  "a": 1,\n  b: 2\n}');
    expect(problem).toMatchObject({ line: 3, column: 3 });
    expect(problem?.message).not.toMatch(/position/);
    expect(checkJson('   ')?.message).toBeTruthy();
  });

  it('tells JSON from other bodies by Content-Type, or by the first character without one', () => {
    expect(looksLikeJson('application/fhir+json; charset=utf-8', 'x')).toBe(true);
    expect(looksLikeJson('application/json', '')).toBe(true);
    expect(looksLikeJson('text/html', '{"a":1}')).toBe(false);
    expect(looksLikeJson(undefined, '  [1]')).toBe(true);
    expect(looksLikeJson(undefined, '<html>')).toBe(false);
  });
});
