/**
 * The sandbox authorization server's own signing key (access tokens and ID tokens, RS256).
 *
 * Why: generated at run time so no private key is ever committed. Generation costs tens of
 * milliseconds, and tests start many sandboxes, so one key is shared per process; the public
 * half is what `[issuer]/jwks` publishes and what the FHIR server verifies tokens against.
 */
import { generateKeyPair, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';

/** A JSON Web Key as oidc-provider and jose read it. */
export type Jwk = Record<string, unknown> & { kty: string; kid?: string };

/** Private (for oidc-provider) and public (for verification) forms of the signing key. */
export interface ServerKeys {
  privateJwks: { keys: Jwk[] };
  publicJwks: { keys: Jwk[] };
}

const generate = promisify(generateKeyPair);
let shared: Promise<ServerKeys> | undefined;

async function createKeys(): Promise<ServerKeys> {
  const { privateKey, publicKey } = await generate('rsa', { modulusLength: 2048 });
  const kid = `sandbox-${randomUUID().slice(0, 8)}`;
  const meta = { kid, alg: 'RS256', use: 'sig' };
  return {
    privateJwks: { keys: [{ ...(privateKey.export({ format: 'jwk' }) as Jwk), ...meta }] },
    publicJwks: { keys: [{ ...(publicKey.export({ format: 'jwk' }) as Jwk), ...meta }] },
  };
}

/** The process-wide server signing key, generated on first use. */
export function getServerKeys(): Promise<ServerKeys> {
  shared ??= createKeys();
  return shared;
}
