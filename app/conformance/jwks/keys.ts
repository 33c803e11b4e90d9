import { finding } from '../finding.ts';
import { ktyForAlg } from '../key-strength.ts';
import type { Finding } from '../types.ts';
import { isObject, show } from '../values.ts';

/**
 * Per-key JWK Set rules (JWKS-MEMBERS, -PRIVATE-KEY-EXPOSED, -ALG-MISMATCH, -USE-ENC) and the
 * JWK Set shape (JWKS-NOT-SET), shared by the JWKS inspector and the assertion inspector.
 */

/** The private members of RFC 7518 §6.2.2 / §6.3.2, plus `k` of a symmetric key. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth'] as const;

/** A JWK Set read from untrusted input: its keys, or why it is not a set. */
export type JwksRead = { ok: true; keys: unknown[] } | { ok: false; why: string };

/** Reads a value as a JWK Set (`{"keys": [...]}`) without throwing. */
export function readJwks(value: unknown): JwksRead {
  if (typeof value === 'string') {
    const t = value.trim();
    if (t.startsWith('-----BEGIN')) return { ok: false, why: `a PEM block (${show(t.split('\n')[0])}), not a JWK Set` };
    return { ok: false, why: `a string (${show(value, 40)}), not a JSON object with a "keys" array` };
  }
  if (!isObject(value)) return { ok: false, why: `${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}, not a JSON object with a "keys" array` };
  if (!('keys' in value)) {
    if (typeof value.kty === 'string') return { ok: false, why: 'a single JWK, not a JWK Set: wrap it as {"keys": [ ... ]}' };
    return { ok: false, why: 'an object without a "keys" array' };
  }
  if (!Array.isArray(value.keys)) return { ok: false, why: `"keys" is ${show(value.keys, 40)}, not an array` };
  return { ok: true, keys: value.keys };
}

const B64URL = /^[A-Za-z0-9_-]+$/;

function hasString(key: Record<string, unknown>, name: string): boolean {
  return typeof key[name] === 'string' && key[name] !== '';
}

/** True for an RSA or EC key carrying its public parameters (the usable kinds for JWKS-EMPTY). */
export function isUsablePublicKey(key: unknown): boolean {
  if (!isObject(key)) return false;
  const b64 = (m: string) => hasString(key, m) && B64URL.test(key[m] as string);
  if (key.kty === 'RSA') return b64('n') && b64('e');
  if (key.kty === 'EC') return hasString(key, 'crv') && b64('x') && b64('y');
  return false;
}

/** JWKS-MEMBERS: RSA without `n`/`e`, EC without `crv`/`x`/`y`, or a key conveyed only as `x5c`/`x5u`. */
export function checkKeyMembers(key: Record<string, unknown>, label: string): Finding[] {
  let missing: string[] = [];
  if (key.kty === 'RSA') missing = ['n', 'e'].filter((m) => !hasString(key, m));
  else if (key.kty === 'EC') missing = ['crv', 'x', 'y'].filter((m) => !hasString(key, m));
  if (missing.length > 0) {
    const cert = 'x5c' in key || 'x5u' in key ? ' (a certificate alone is not read)' : '';
    return [finding('JWKS-MEMBERS', `${label} (kty ${show(key.kty)}) lacks ${missing.join(', ')}${cert}`)];
  }
  const coords = key.kty === 'RSA' ? ['n', 'e'] : key.kty === 'EC' ? ['x', 'y'] : [];
  const garbled = coords.filter((m) => !B64URL.test(key[m] as string));
  if (garbled.length > 0) {
    return [finding('JWKS-MEMBERS', `${label} has ${garbled.map((m) => `${m}=${show(key[m], 20)}`).join(', ')}, not base64url`)];
  }
  if (key.kty !== 'RSA' && key.kty !== 'EC' && key.kty !== 'OKP' && key.kty !== 'oct' && ('x5c' in key || 'x5u' in key)) {
    return [finding('JWKS-MEMBERS', `${label} is conveyed only as ${'x5c' in key ? 'x5c' : 'x5u'} without the raw key parameters`)];
  }
  return [];
}

/** JWKS-PRIVATE-KEY-EXPOSED: a published key carrying private members (or `k` of an `oct` key). */
export function checkPrivateMembers(key: Record<string, unknown>, label: string): Finding[] {
  const found: string[] = PRIVATE_MEMBERS.filter((m) => m in key);
  if (key.kty === 'oct' && 'k' in key) found.push('k');
  if (found.length === 0) return [];
  return [finding('JWKS-PRIVATE-KEY-EXPOSED', `${label} contains private key member(s) ${found.join(', ')}`)];
}

/** JWKS-USE-ENC: a key marked for encryption (`use: enc`) or whose `key_ops` lack `verify`. */
export function checkUseEnc(key: Record<string, unknown>, label: string): Finding[] {
  if (key.use === 'enc') return [finding('JWKS-USE-ENC', `${label} has "use": "enc", so it is not considered for signature verification`)];
  if ('key_ops' in key) {
    const ops = key.key_ops;
    if (!Array.isArray(ops) || !ops.includes('verify')) {
      return [finding('JWKS-USE-ENC', `${label} has key_ops ${show(ops)} without "verify"`)];
    }
  }
  return [];
}

/** JWKS-ALG-MISMATCH: the key declares an `alg` other than the one used (or intended) for signing. */
export function checkAlgMismatch(key: Record<string, unknown>, label: string, alg: unknown): Finding[] {
  if (typeof alg !== 'string' || alg === '' || !('alg' in key) || key.alg === alg) return [];
  return [finding('JWKS-ALG-MISMATCH', `${label} is published with "alg": ${show(key.alg)} but the signature uses ${show(alg)}`)];
}

/** True when a key's `kty` fits an algorithm (unknown algorithms fit every key). */
export function ktyFits(key: Record<string, unknown>, alg: unknown): boolean {
  const want = ktyForAlg(alg);
  return want === undefined || key.kty === want;
}
