import { describe, expect, it } from 'vitest';
import { bearerChallenge, parseWwwAuthenticate } from './www-authenticate.ts';

describe('parseWwwAuthenticate', () => {
  it('reads a Bearer challenge with quoted parameters', () => {
    expect(parseWwwAuthenticate('Bearer realm="example", error="invalid_token", error_description="The access token expired"')).toEqual([
      { scheme: 'Bearer', params: { realm: 'example', error: 'invalid_token', error_description: 'The access token expired' } },
    ]);
  });
  it('reads several challenges and token68 values', () => {
    const cs = parseWwwAuthenticate('Basic realm="x", Bearer error=insufficient_scope, scope="patient/Observation.rs", Negotiate abc123==');
    expect(cs.map((c) => c.scheme)).toEqual(['Basic', 'Bearer', 'Negotiate']);
    expect(cs[1]?.params).toEqual({ error: 'insufficient_scope', scope: 'patient/Observation.rs' });
    expect(cs[2]?.token68).toBe('abc123==');
  });
  it('keeps commas and escaped quotes inside quoted strings', () => {
    const c = bearerChallenge('bearer error="invalid_token", error_description="bad \\"aud\\", expected x, y"');
    expect(c?.params['error_description']).toBe('bad "aud", expected x, y');
  });
  it('lower-cases parameter names and accepts spaces around "="', () => {
    expect(bearerChallenge('Bearer Error = "invalid_token"')?.params).toEqual({ error: 'invalid_token' });
  });
  it('a bare Bearer challenge has no parameters', () => {
    expect(bearerChallenge('Bearer')).toEqual({ scheme: 'Bearer', params: {} });
  });
  it.each([undefined, null, 42, '', ',,,', '=', '"unterminated'])('never throws on %j', (v) => {
    expect(() => parseWwwAuthenticate(v)).not.toThrow();
    expect(bearerChallenge(v)).toBeUndefined();
  });
});
