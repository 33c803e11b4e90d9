import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPkce, s256Challenge } from './pkce.ts';

const OPTS = { now: 1_760_000_000 };
// RFC 7636 Appendix B test vector.
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

const rules = (fs: { rule: string }[]) => fs.map((f) => f.rule).sort();

describe('checkPkce', () => {
  it('computes the RFC 7636 Appendix B challenge', async () => {
    expect(await s256Challenge(VERIFIER)).toBe(CHALLENGE);
  });

  it('reports nothing for a correct S256 pair', async () => {
    expect(await checkPkce({ codeVerifier: VERIFIER, codeChallenge: CHALLENGE, codeChallengeMethod: 'S256' }, OPTS)).toEqual([]);
  });

  const hex = 'a'.repeat(64);
  const cases: { name: string; input: Record<string, unknown>; expected: string[] }[] = [
    { name: 'method absent', input: { codeVerifier: VERIFIER, codeChallenge: CHALLENGE }, expected: ['PKCE-METHOD'] },
    { name: 'method lower-case s256', input: { codeVerifier: VERIFIER, codeChallenge: CHALLENGE, codeChallengeMethod: 's256' }, expected: ['PKCE-METHOD'] },
    { name: 'method SHA256', input: { codeVerifier: VERIFIER, codeChallenge: CHALLENGE, codeChallengeMethod: 'SHA256' }, expected: ['PKCE-METHOD'] },
    { name: 'plain method with verifier as challenge', input: { codeVerifier: VERIFIER, codeChallenge: VERIFIER, codeChallengeMethod: 'plain' }, expected: ['PKCE-CHALLENGE-MISMATCH', 'PKCE-METHOD'] },
    { name: 'verifier too short (uuid without dashes)', input: { codeVerifier: '0123456789abcdef0123456789abcdef', codeChallenge: CHALLENGE, codeChallengeMethod: 'S256' }, expected: ['PKCE-CHALLENGE-MISMATCH', 'PKCE-VERIFIER-FORMAT'] },
    { name: 'verifier too long', input: { codeVerifier: 'a'.repeat(129) }, expected: ['PKCE-METHOD', 'PKCE-VERIFIER-FORMAT'] },
    { name: 'verifier with standard base64 characters', input: { codeVerifier: `${'a'.repeat(42)}+/=`, codeChallengeMethod: 'S256' }, expected: ['PKCE-VERIFIER-FORMAT'] },
    { name: 'verifier of 43 unreserved characters', input: { codeVerifier: `${'a'.repeat(39)}-._~`, codeChallengeMethod: 'S256' }, expected: [] },
    { name: 'verifier of 128 characters', input: { codeVerifier: 'Z'.repeat(128), codeChallengeMethod: 'S256' }, expected: [] },
    { name: 'hex challenge', input: { codeVerifier: VERIFIER, codeChallenge: hex, codeChallengeMethod: 'S256' }, expected: ['PKCE-CHALLENGE-ENCODING', 'PKCE-CHALLENGE-MISMATCH'] },
    { name: 'padded challenge', input: { codeVerifier: VERIFIER, codeChallenge: `${CHALLENGE}=`, codeChallengeMethod: 'S256' }, expected: ['PKCE-CHALLENGE-ENCODING', 'PKCE-CHALLENGE-MISMATCH'] },
    { name: 'standard base64 challenge', input: { codeChallenge: CHALLENGE.replace('-', '+'), codeChallengeMethod: 'S256' }, expected: ['PKCE-CHALLENGE-ENCODING'] },
    { name: 'challenge of another verifier', input: { codeVerifier: 'x'.repeat(43), codeChallenge: CHALLENGE, codeChallengeMethod: 'S256' }, expected: ['PKCE-CHALLENGE-MISMATCH'] },
    { name: 'challenge alone, well encoded', input: { codeChallenge: CHALLENGE, codeChallengeMethod: 'S256' }, expected: [] },
    { name: 'number verifier', input: { codeVerifier: 42, codeChallenge: CHALLENGE, codeChallengeMethod: 'S256' }, expected: ['PKCE-VERIFIER-FORMAT'] },
    { name: 'object challenge', input: { codeVerifier: VERIFIER, codeChallenge: { a: 1 }, codeChallengeMethod: 'S256' }, expected: ['PKCE-CHALLENGE-ENCODING'] },
  ];
  it.each(cases)('$name', async ({ input, expected }) => {
    expect(rules(await checkPkce(input, OPTS))).toEqual(expected);
  });

  it('names the hex mistake in the message', async () => {
    const fs = await checkPkce({ codeVerifier: VERIFIER, codeChallenge: hex, codeChallengeMethod: 'S256' }, OPTS);
    expect(fs.find((f) => f.rule === 'PKCE-CHALLENGE-ENCODING')?.message).toMatch(/hex/);
    expect(fs.every((f) => f.severity === 'error' && !f.message.includes('\n'))).toBe(true);
  });

  it.each([null, undefined, 'garbage', 17, []])('resolves with findings for malformed input %j', async (bad) => {
    const fs = await checkPkce(bad as never, OPTS);
    expect(rules(fs)).toEqual(['PKCE-METHOD']);
  });
});

describe('checkPkce: fuzzed input', () => {
  it('resolves for anything', async () => {
    await fc.assert(fc.asyncProperty(fc.anything(), fc.anything(), fc.anything(), async (v, c, m) => {
      const fs = await checkPkce({ codeVerifier: v, codeChallenge: c, codeChallengeMethod: m }, OPTS);
      return Array.isArray(fs);
    }), { numRuns: 200 });
  });
  it('a verifier and its own S256 challenge never mismatch', async () => {
    await fc.assert(fc.asyncProperty(fc.stringMatching(/^[A-Za-z0-9\-._~]{43,128}$/), async (v) => {
      const fs = await checkPkce({ codeVerifier: v, codeChallenge: await s256Challenge(v), codeChallengeMethod: 'S256' }, OPTS);
      return fs.length === 0;
    }), { numRuns: 100 });
  });
});
