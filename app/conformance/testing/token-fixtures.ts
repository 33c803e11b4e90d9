import { CompactSign, exportJWK, generateKeyPair } from 'jose';

/**
 * Test fixtures for the token, token-response and introspection tests: a freshly generated
 * server key pair and a signer for arbitrary JWT headers/payloads (including unsigned ones).
 *
 * Not used by the engine itself; keys are generated per test run and never committed.
 */

/** A server signing key: private key for signing, public JWK (with kid/alg/use) for the JWKS. */
export interface ServerKey {
  alg: string;
  kid: string;
  privateKey: CryptoKey;
  publicJwk: Record<string, unknown>;
}

/** Generates an extractable key pair for `alg` (RS256, RS384, ES384 ...). */
export async function makeServerKey(alg: string, kid: string): Promise<ServerKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { alg, kid, privateKey: privateKey as CryptoKey, publicJwk };
}

/** Signs a JWT with any extra header members (`alg` and `kid` come from the key unless overridden). */
export async function signJwt(key: ServerKey, payload: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: key.alg, kid: key.kid, ...header })
    .sign(key.privateKey);
}

function b64url(s: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(s))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Builds a compact JWS without a real signature (`signature` defaults to empty). */
export function unsignedJwt(header: Record<string, unknown>, payload: Record<string, unknown>, signature = ''): string {
  return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}.${signature}`;
}
