import { describe, expect, it } from 'vitest';
import { cleanPastedToken, readPastedToken } from './pasted-token.ts';

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const JWT = `${b64({ alg: 'ES384', typ: 'JWT', kid: 'k1' })}.${b64({ iss: 'c', sub: 'c' })}.c2lnbmF0dXJl`;

describe('readPastedToken', () => {
  it('decodes a JWT, also with "Bearer", quotes or line breaks around it', () => {
    for (const text of [JWT, `Bearer ${JWT}`, `"${JWT}"`, `Authorization: Bearer ${JWT}`, `${JWT.slice(0, 30)}\n  ${JWT.slice(30)}`]) {
      const r = readPastedToken(text);
      expect(r.kind).toBe('jwt');
      if (r.kind === 'jwt') expect(r.jws.header['kid']).toBe('k1');
    }
  });

  it('recognises a signature removed by the activity log', () => {
    const logged = `${JWT.split('.').slice(0, 2).join('.')}.‹redacted›`;
    const r = readPastedToken(logged);
    expect(r).toMatchObject({ kind: 'jwt', signatureRedacted: true });
  });

  it('explains PEM keys, JWKS, HTML and broken JWTs instead of failing', () => {
    expect(readPastedToken('-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----')).toMatchObject({ kind: 'invalid', problem: expect.stringMatching(/PEM private key/) });
    expect(readPastedToken('-----BEGIN CERTIFICATE-----\nMIIE')).toMatchObject({ problem: expect.stringMatching(/PEM block \(-----BEGIN CERTIFICATE-----\)/) });
    expect(readPastedToken('{"keys":[]}')).toMatchObject({ problem: expect.stringMatching(/JWK Set/) });
    expect(readPastedToken('<html><body>Error</body></html>')).toMatchObject({ problem: expect.stringMatching(/HTML/) });
    expect(readPastedToken('eyJhbGciOiJFUzM4NCJ9.eyJpc3MiOiJj')).toMatchObject({ problem: expect.stringMatching(/this has 2/) });
    expect(readPastedToken('eyJhbGciOiJFUzM4NCJ9.!!!.abc')).toMatchObject({ problem: expect.stringMatching(/payload segment/) });
    expect(readPastedToken('{not json')).toMatchObject({ kind: 'invalid' });
    expect(readPastedToken('two words')).toMatchObject({ kind: 'invalid', problem: expect.stringMatching(/spaces/) });
  });

  it('offers the tokens of a pasted token response, and recognises JWE and opaque tokens', () => {
    const r = readPastedToken(JSON.stringify({ access_token: 'at-1', token_type: 'Bearer', id_token: JWT, expires_in: 300 }));
    expect(r).toEqual({ kind: 'token-response', tokens: [{ name: 'access_token', value: 'at-1' }, { name: 'id_token', value: JWT }] });
    expect(readPastedToken('a.b.c.d.e')).toEqual({ kind: 'jwe', token: 'a.b.c.d.e' });
    expect(readPastedToken('  8xLOxBtZp8  ')).toEqual({ kind: 'opaque', token: '8xLOxBtZp8' });
    expect(readPastedToken('   ')).toEqual({ kind: 'empty' });
  });

  it('does not join words of ordinary text', () => {
    expect(cleanPastedToken('bearer abc')).toBe('abc');
    expect(cleanPastedToken('hello world')).toBe('hello world');
  });
});
