import { finding } from '../finding.ts';
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

/**
 * PKCE checks that need no hashing (rules 149-151 of conformance.md).
 *
 * Shared by checkPkce (verifier + challenge known) and inspectAuthorizeRequest (only the
 * challenge side is known there), so both report the same wording for the same mistake.
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.1
 */

const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/** PKCE-METHOD: `code_challenge_method` must be exactly `S256` (absent means `plain`). */
export function checkPkceMethod(method: unknown): Finding[] {
  if (method === undefined || method === null || method === '') {
    return [finding('PKCE-METHOD', 'code_challenge_method is not sent, so the server assumes "plain"; send code_challenge_method=S256')];
  }
  if (method !== 'S256') {
    return [finding('PKCE-METHOD', `code_challenge_method is ${show(method)}; it must be exactly "S256"`)];
  }
  return [];
}

/** True when the client evidently meant the S256 transform (exact, or a case variant such as `s256`). */
export function meansS256(method: unknown): boolean {
  return typeof method === 'string' && method.trim().toUpperCase() === 'S256';
}

/** Names the classic encoding mistake in a challenge, for the finding message. */
function describeChallenge(c: string): string {
  if (/^[0-9a-fA-F]{64}$/.test(c)) return 'looks like a hex SHA-256 digest (64 hex characters), not base64url';
  if (c.endsWith('=')) return 'ends with "=" padding (standard base64); base64url has no padding';
  if (/[+/]/.test(c)) return 'contains "+" or "/" (standard base64); base64url uses "-" and "_"';
  if (/[^A-Za-z0-9_-]/.test(c)) return 'contains characters outside the base64url alphabet';
  return `is ${c.length} characters long; a base64url SHA-256 digest is exactly 43`;
}

/** PKCE-CHALLENGE-ENCODING: with S256 the challenge is exactly 43 base64url characters. */
export function checkChallengeEncoding(challenge: unknown, method: unknown): Finding[] {
  if (!meansS256(method) || challenge === undefined) return [];
  if (typeof challenge !== 'string') {
    return [finding('PKCE-CHALLENGE-ENCODING', `code_challenge is not a string: ${show(challenge)}`)];
  }
  if (S256_CHALLENGE.test(challenge)) return [];
  return [finding('PKCE-CHALLENGE-ENCODING', `code_challenge ${show(challenge)} ${describeChallenge(challenge)}`)];
}

/** PKCE-VERIFIER-FORMAT: 43-128 characters of `[A-Za-z0-9-._~]` (RFC 7636 §4.1). */
export function checkVerifierFormat(verifier: unknown): Finding[] {
  if (verifier === undefined) return [];
  if (typeof verifier !== 'string') {
    return [finding('PKCE-VERIFIER-FORMAT', `code_verifier is not a string: ${show(verifier)}`)];
  }
  if (VERIFIER.test(verifier)) return [];
  const bad = [...new Set(verifier.replace(/[A-Za-z0-9\-._~]/g, ''))].join('');
  const why =
    verifier.length < 43 ? `is ${verifier.length} characters long (minimum 43)`
    : verifier.length > 128 ? `is ${verifier.length} characters long (maximum 128)`
    : `contains characters outside [A-Za-z0-9-._~]: ${show(bad)}`;
  return [finding('PKCE-VERIFIER-FORMAT', `code_verifier ${show(verifier, 60)} ${why}`)];
}
