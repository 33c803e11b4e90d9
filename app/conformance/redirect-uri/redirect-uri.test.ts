import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRedirectUri } from './redirect-uri.ts';

const OPTS = { now: 1_760_000_000 };
const pick = (fs: { rule: string; severity: string }[]) => fs.map((f) => `${f.rule}:${f.severity}`).sort();

describe('checkRedirectUri', () => {
  const cases: { name: string; appType?: string; registered: unknown; requested: unknown; expected: string[] }[] = [
    { name: 'https exact match (clean)', registered: ['https://app.example.com/callback'], requested: 'https://app.example.com/callback', expected: [] },
    { name: 'reverse-domain private scheme (clean)', appType: 'native-mobile', registered: ['com.example.app:/oauth2redirect'], requested: 'com.example.app:/oauth2redirect', expected: [] },
    { name: 'loopback IPv4 exact', registered: ['http://127.0.0.1:53682/callback'], requested: 'http://127.0.0.1:53682/callback', expected: ['REDIR-LOOPBACK:info'] },
    { name: 'loopback IPv6 exact', registered: ['http://[::1]:8080/cb'], requested: 'http://[::1]:8080/cb', expected: ['REDIR-LOOPBACK:info'] },
    { name: 'loopback with another port', registered: ['http://127.0.0.1:8080/callback'], requested: 'http://127.0.0.1:53682/callback', expected: ['REDIR-LOOPBACK-PORT:info', 'REDIR-LOOPBACK:info'] },
    { name: 'loopback registered without port', registered: ['http://127.0.0.1/callback'], requested: 'http://127.0.0.1:53682/callback', expected: ['REDIR-LOOPBACK-PORT:info', 'REDIR-LOOPBACK:info'] },
    { name: 'loopback with another path', registered: ['http://127.0.0.1/callback'], requested: 'http://127.0.0.1:53682/cb', expected: ['REDIR-EXACT-MATCH:error', 'REDIR-LOOPBACK:info'] },
    { name: 'localhost', registered: ['http://localhost:8080/cb'], requested: 'http://localhost:8080/cb', expected: ['REDIR-LOCALHOST:warning'] },
    { name: 'localhost port differs (no exception)', registered: ['http://localhost:8080/cb'], requested: 'http://localhost:9090/cb', expected: ['REDIR-EXACT-MATCH:error', 'REDIR-LOCALHOST:warning'] },
    { name: 'localhost vs registered 127.0.0.1', registered: ['http://127.0.0.1:8080/cb'], requested: 'http://localhost:8080/cb', expected: ['REDIR-EXACT-MATCH:error', 'REDIR-LOCALHOST:warning'] },
    { name: 'sub.localhost', registered: ['http://app.localhost/cb'], requested: 'http://app.localhost/cb', expected: ['REDIR-LOCALHOST:warning'] },
    { name: 'http to a remote host', registered: ['http://app.example.com/cb'], requested: 'http://app.example.com/cb', expected: ['REDIR-HTTP-NON-LOOPBACK:error'] },
    { name: 'fragment', registered: ['https://app.example.com/cb#x'], requested: 'https://app.example.com/cb#x', expected: ['REDIR-FRAGMENT:error'] },
    { name: 'trailing slash', registered: ['https://app.example.com/callback'], requested: 'https://app.example.com/callback/', expected: ['REDIR-EXACT-MATCH:error'] },
    { name: 'case difference', registered: ['https://app.example.com/Callback'], requested: 'https://app.example.com/callback', expected: ['REDIR-EXACT-MATCH:error'] },
    { name: 'query difference', registered: ['https://app.example.com/cb'], requested: 'https://app.example.com/cb?x=1', expected: ['REDIR-EXACT-MATCH:error'] },
    { name: 'https port differs (no exception)', registered: ['https://app.example.com:8443/cb'], requested: 'https://app.example.com:9443/cb', expected: ['REDIR-EXACT-MATCH:error'] },
    { name: 'matches the second registered', registered: ['https://a.example.com/cb', 'https://app.example.com/cb'], requested: 'https://app.example.com/cb', expected: [] },
    { name: 'short private scheme', appType: 'native-desktop', registered: ['myapp://callback'], requested: 'myapp://callback', expected: ['REDIR-PRIVATE-SCHEME:warning'] },
    { name: 'nothing registered: form checks only', registered: [], requested: 'https://app.example.com/cb', expected: [] },
    { name: 'missing requested URI', registered: ['https://app.example.com/cb'], requested: undefined, expected: ['REDIR-EXACT-MATCH:error'] },
    { name: 'number as requested URI', registered: ['https://app.example.com/cb'], requested: 5, expected: ['REDIR-EXACT-MATCH:error'] },
    { name: 'garbage string', registered: ['https://app.example.com/cb'], requested: 'not a uri at all', expected: ['REDIR-EXACT-MATCH:error'] },
    { name: 'registered is not an array', registered: 'https://app.example.com/cb', requested: 'https://app.example.com/cb', expected: [] },
  ];
  it.each(cases)('$name', ({ appType, registered, requested, expected }) => {
    const fs = checkRedirectUri({ appType: appType ?? 'native-desktop', registeredRedirectUris: registered as string[], requestedRedirectUri: requested as string }, OPTS);
    expect(pick(fs)).toEqual(expected);
    for (const f of fs) expect(f.message).not.toMatch(/\n/);
  });

  it('explains a trailing-slash difference in the message', () => {
    const [f] = checkRedirectUri({ appType: 'web', registeredRedirectUris: ['https://a.example.com/cb'], requestedRedirectUri: 'https://a.example.com/cb/' }, OPTS);
    expect(f?.message).toMatch(/trailing slash/);
    expect(f?.explanation).toMatch(/exact strings/);
  });

  it.each([null, undefined, 'x', 3])('never throws on %j', (bad) => {
    expect(() => checkRedirectUri(bad as never)).not.toThrow();
    expect(checkRedirectUri(bad as never).length).toBeGreaterThan(0);
  });
});

describe('checkRedirectUri: fuzzed input', () => {
  it('never throws on arbitrary strings', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.string(), fc.webUrl())), fc.oneof(fc.string(), fc.webUrl(), fc.anything()), (registered, requested) => {
      const fs = checkRedirectUri({ appType: 'native-desktop', registeredRedirectUris: registered, requestedRedirectUri: requested as string }, OPTS);
      return Array.isArray(fs) && fs.every((f) => !f.message.includes('\n'));
    }), { numRuns: 300 });
  });
  it('a URI always matches itself when registered', () => {
    fc.assert(fc.property(fc.webUrl({ withQueryParameters: true }), (uri) => {
      return !checkRedirectUri({ appType: 'web', registeredRedirectUris: [uri], requestedRedirectUri: uri }, OPTS).some((f) => f.rule === 'REDIR-EXACT-MATCH' || f.rule === 'REDIR-LOOPBACK-PORT');
    }), { numRuns: 200 });
  });
});
