import { describe, expect, it } from 'vitest';
import { headersRecord, looksLikeHtml, requestView, snippet } from './http-views.ts';

describe('http views', () => {
  it('shows an HTML page by its visible text, not its styles or scripts', () => {
    const page = '<!DOCTYPE html><html><head><title>x</title><style>body{color:red}</style></head><body><script>var a=1</script><h1>Bad Gateway</h1><p>nginx</p></body></html>';
    expect(snippet(page)).toBe('Bad Gateway nginx');
    expect(snippet('a'.repeat(200), 10)).toBe(`${'a'.repeat(10)}…`);
    expect(looksLikeHtml('text/html; charset=utf-8', '{}')).toBe(true);
    expect(looksLikeHtml('application/json', '  <html>')).toBe(true);
    expect(looksLikeHtml('application/json', '{"a":1}')).toBe(false);
  });

  it('joins duplicate headers case-insensitively for the engine', () => {
    expect(headersRecord([{ name: 'Cache-Control', value: 'no-store' }, { name: 'cache-control', value: 'private' }])).toEqual({ 'cache-control': 'no-store, private' });
  });

  it('redacts the secret, the Basic credentials and the assertion signature in a request view', () => {
    const view = requestView({
      method: 'POST', url: 'https://as.example/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Basic Y2xpZW50OnNlY3JldA==' },
      body: 'grant_type=client_credentials&client_secret=hunter22&client_assertion=aaa.bbb.ccc',
    }, ['hunter22']);
    expect(view.headers).toContainEqual({ name: 'authorization', value: 'Basic ‹redacted›' });
    expect(view.body).toBe('grant_type=client_credentials&client_secret=‹redacted›&client_assertion=aaa.bbb.‹redacted›');
  });
});
