import { finding } from '../finding.ts';
import type { Finding } from '../types.ts';
import { show } from '../values.ts';

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
