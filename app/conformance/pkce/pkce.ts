import { finding } from '../finding.ts';
import { checkChallengeEncoding, checkPkceMethod, checkVerifierFormat } from './format.ts';
import type { CheckOptions, Finding } from '../types.ts';
import { show } from '../values.ts';

/**
 * PKCE pair checks (rules 149-152): what the client sent to the authorize endpoint
 * (`code_challenge`, `code_challenge_method`) against what it sends to the token endpoint
 * (`code_verifier`). Catches the mismatch before the server answers `invalid_grant`.
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.6
 */

/** Input of checkPkce; `codeChallengeMethod` absent means the parameter was not sent. */
export interface PkceInput {
  codeVerifier?: unknown;
  codeChallenge?: unknown;
  codeChallengeMethod?: unknown;
}

function base64Url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** BASE64URL(SHA256(verifier)) as RFC 7636 §4.2 defines the S256 transform. */
export async function s256Challenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

/**
 * Checks a PKCE verifier/challenge pair (rules 149-152); resolves, never rejects.
 *
 * The mismatch rule compares the S256 transform of the verifier with the challenge whenever both
 * are strings, as the rule's check says, whatever method was declared.
 */
export async function checkPkce(input: PkceInput, _opts?: CheckOptions): Promise<Finding[]> {
  const src = (typeof input === 'object' && input !== null ? input : {}) as PkceInput;
  const { codeVerifier, codeChallenge, codeChallengeMethod } = src;
  const out: Finding[] = [
    ...checkPkceMethod(codeChallengeMethod),
    ...checkVerifierFormat(codeVerifier),
    ...checkChallengeEncoding(codeChallenge, codeChallengeMethod),
  ];
  if (typeof codeVerifier === 'string' && typeof codeChallenge === 'string') {
    try {
      const expected = await s256Challenge(codeVerifier);
      if (expected !== codeChallenge) {
        out.push(finding('PKCE-CHALLENGE-MISMATCH',
          `BASE64URL(SHA256(code_verifier)) is ${show(expected)} but the code_challenge sent was ${show(codeChallenge)}`));
      }
    } catch {
      // WebCrypto unavailable: the comparison cannot be made, so nothing is claimed about it.
    }
  }
  return out;
}
