import { createHash, randomBytes } from 'node:crypto';

/**
 * PKCE (RFC 7636) and `state` values for the authorization code flow.
 *
 * SMART 2.x requires S256 for every client, public or confidential.
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.1
 */

/** A code verifier: 32 random bytes, base64url (43 characters, the RFC's recommendation). */
export const newCodeVerifier = (): string => randomBytes(32).toString('base64url');

/** The S256 challenge of a verifier: BASE64URL(SHA256(ASCII(verifier))). */
export const s256 = (verifier: string): string => createHash('sha256').update(verifier, 'ascii').digest('base64url');

/** A state value: 32 random bytes, base64url (well over the 122 bits AUTHZ-STATE asks for). */
export const newState = (): string => randomBytes(32).toString('base64url');
