import { compactVerify, importJWK, type JWK } from 'jose';
import { isObject } from '../values.ts';

/**
 * Small helpers shared by the access-token and ID-token checks (section 6 of conformance.md):
 * audience matching, numeric-date reading, and signature verification against the server's JWKS.
 */

/** `aud` as a list of strings (a string becomes a one-element list; non-strings are dropped). */
export function audienceList(aud: unknown): string[] {
  if (typeof aud === 'string') return [aud];
  if (Array.isArray(aud)) return aud.filter((a): a is string => typeof a === 'string');
  return [];
}

/** Removes one trailing slash, for the AT-JWT-AUD diagnostic comparison. */
export function withoutTrailingSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}

/** A JWT NumericDate, or undefined when the claim is not a finite JSON number. */
export function numericDate(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Expired per the registry: `exp ≤ now − skew`. */
export function isExpired(exp: number, now: number, skew: number): boolean {
  return exp <= now - skew;
}

/** Renders an epoch-seconds value as ISO time for messages. */
export function isoTime(seconds: number): string {
  const d = new Date(seconds * 1000);
  return Number.isNaN(d.getTime()) ? String(seconds) : d.toISOString();
}

/** Result of checking a JWS against a JWK Set. */
export type JwksVerification =
  | { status: 'verified'; kid?: string }
  | { status: 'no-key'; reason: string }
  | { status: 'invalid'; reason: string }
  | { status: 'skipped' };

function ktyFor(alg: string): string | undefined {
  if (/^(RS|PS)\d+$/.test(alg)) return 'RSA';
  if (/^ES\d+K?$/.test(alg)) return 'EC';
  if (alg === 'EdDSA' || alg === 'Ed25519') return 'OKP';
  return undefined;
}

function publicMembers(k: Record<string, unknown>, alg: string): JWK {
  const out: Record<string, unknown> = { alg };
  for (const m of ['kty', 'crv', 'n', 'e', 'x', 'y']) if (k[m] !== undefined) out[m] = k[m];
  return out as JWK;
}

/**
 * Verifies a compact JWS with the key the header's `kid` selects from `jwks` (or every
 * compatible key when there is no `kid`). Never throws; `skipped` when there is no usable
 * JWKS or the algorithm is not asymmetric.
 */
export async function verifyWithJwks(token: string, header: Record<string, unknown>, jwks: unknown): Promise<JwksVerification> {
  if (!isObject(jwks) || !Array.isArray(jwks.keys)) return { status: 'skipped' };
  const alg = header.alg;
  if (typeof alg !== 'string') return { status: 'skipped' };
  const kty = ktyFor(alg);
  if (!kty) return { status: 'skipped' };
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  const keys = jwks.keys.filter(isObject);
  const byKid = kid === undefined ? keys : keys.filter((k) => k.kid === kid);
  if (byKid.length === 0) return { status: 'no-key', reason: `no key with kid ${JSON.stringify(kid)} in the server's JWKS` };
  const candidates = byKid.filter((k) => k.kty === kty && k.use !== 'enc');
  if (candidates.length === 0) return { status: 'no-key', reason: `no ${kty} signing key${kid === undefined ? '' : ` with kid ${JSON.stringify(kid)}`} for ${alg} in the server's JWKS` };
  let lastError = 'the signature does not verify';
  for (const k of candidates) {
    try {
      const key = await importJWK(publicMembers(k, alg), alg);
      await compactVerify(token.trim(), key, { algorithms: [alg] });
      return { status: 'verified', kid: typeof k.kid === 'string' ? k.kid : undefined };
    } catch (e) {
      lastError = e instanceof Error ? e.message : String(e);
    }
  }
  return { status: 'invalid', reason: lastError };
}
