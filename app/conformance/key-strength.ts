import { finding } from './finding.ts';
import { base64UrlDecode } from './jws.ts';
import type { Finding } from './types.ts';
import { show } from './values.ts';

/**
 * JOSE algorithm families and key-strength rules (KEY-RSA-TOO-SMALL, KEY-EC-CURVE).
 *
 * Shared by the assertion inspector (the key selected by `kid`) and the JWKS inspector (every key),
 * so an RSA modulus or an EC curve is judged the same way wherever a key appears.
 */

/** The `kty` a JWS algorithm needs, or undefined for `none`, HMAC and unknown algorithms. */
export function ktyForAlg(alg: unknown): 'RSA' | 'EC' | 'OKP' | undefined {
  if (typeof alg !== 'string') return undefined;
  if (/^(RS|PS)(256|384|512)$/.test(alg)) return 'RSA';
  if (/^ES(256|384|512|256K)$/.test(alg)) return 'EC';
  if (alg === 'EdDSA' || alg === 'Ed25519' || alg === 'Ed448') return 'OKP';
  return undefined;
}

/** The curve RFC 7518 §3.4 (and RFC 8812 for ES256K) ties to an ECDSA algorithm. */
export const CURVE_FOR_ALG: Readonly<Record<string, string>> = {
  ES256: 'P-256',
  ES384: 'P-384',
  ES512: 'P-521',
  ES256K: 'secp256k1',
};

/** Size in bytes of one ECDSA signature half (R or S) per algorithm; the JWS signature is twice this. */
export const EC_HALF_BYTES: Readonly<Record<string, number>> = { ES256: 32, ES384: 48, ES512: 66, ES256K: 32 };

/** Bit length of a base64url big-endian unsigned integer (an RSA `n`); undefined when undecodable. */
export function modulusBits(n: unknown): number | undefined {
  if (typeof n !== 'string' || n === '') return undefined;
  let bytes: Uint8Array;
  try {
    bytes = base64UrlDecode(n);
  } catch {
    return undefined;
  }
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  const first = bytes[i] as number;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(first));
}

/** Human label for a key in a message: its `kid` if it has one, else its position. */
export function keyLabel(key: Record<string, unknown>, index?: number): string {
  if (typeof key.kid === 'string' && key.kid !== '') return `key kid=${show(key.kid)}`;
  return index === undefined ? 'the key' : `keys[${index}]`;
}

/** KEY-RSA-TOO-SMALL: an RSA JWK whose modulus `n` is shorter than 2048 bits. */
export function checkRsaSize(key: Record<string, unknown>, label: string): Finding[] {
  if (key.kty !== 'RSA') return [];
  const bits = modulusBits(key.n);
  if (bits === undefined || bits >= 2048) return [];
  return [finding('KEY-RSA-TOO-SMALL', `${label} has a ${bits}-bit RSA modulus; JOSE requires at least 2048 bits`)];
}

/**
 * KEY-EC-CURVE: an ECDSA algorithm paired with a key on another curve.
 *
 * `alg` is the algorithm the key is used with (header `alg` or the intended one); the key's own
 * `alg` member is checked as well ("or the JWK declares alg ES384 with another curve").
 */
export function checkEcCurve(key: Record<string, unknown>, label: string, alg?: unknown): Finding[] {
  if (key.kty !== 'EC') return [];
  const algs = new Set<string>();
  if (typeof alg === 'string' && CURVE_FOR_ALG[alg]) algs.add(alg);
  if (typeof key.alg === 'string' && CURVE_FOR_ALG[key.alg]) algs.add(key.alg);
  const out: Finding[] = [];
  for (const a of algs) {
    const want = CURVE_FOR_ALG[a] as string;
    if (key.crv !== want) {
      out.push(finding('KEY-EC-CURVE', `${label} has crv ${show(key.crv)} but ${a} requires ${want}`));
      break;
    }
  }
  return out;
}
