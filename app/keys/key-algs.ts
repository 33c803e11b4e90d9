import { ASSERTION_ALGS } from '../profiles/index.ts';

/**
 * Which signing algorithms fit which keys, shared by main (generate, import, sign) and the
 * renderer's pickers so both refuse the same combinations with the same words.
 */

/** Algorithms a stored key may carry: exactly the ones a profile's assertion may ask for. */
export const KEY_ALGS = ASSERTION_ALGS;
/** One of KEY_ALGS. */
export type KeyAlg = (typeof KEY_ALGS)[number];

/** RSA modulus sizes the generator offers; JOSE (RFC 7518 §3.3) requires at least 2048 bits. */
export const RSA_SIZES = [2048, 3072, 4096] as const;
/** One of RSA_SIZES. */
export type RsaSize = (typeof RSA_SIZES)[number];

/** The smallest RSA modulus the app accepts, anywhere. */
export const MIN_RSA_BITS = 2048;

/** EC curves the app can sign with (ES256 and ES384). */
export const SUPPORTED_CURVES = ['P-256', 'P-384'] as const;

/** Key families the app stores. */
export type KeyKty = 'RSA' | 'EC';

/** The JWK members that make a key private (RFC 7518 §6.2.2, §6.3.2) plus `k` of a symmetric key. */
export const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

/** The kty an algorithm needs. */
export const ktyOfAlg = (alg: KeyAlg): KeyKty => (alg.startsWith('ES') ? 'EC' : 'RSA');

/** The curve an ECDSA algorithm needs (RFC 7518 §3.4); undefined for RSA algorithms. */
export const curveOfAlg = (alg: KeyAlg): string | undefined => (alg === 'ES256' ? 'P-256' : alg === 'ES384' ? 'P-384' : undefined);

/** The algorithms a key of this kty/curve can sign with. */
export function algsForKey(kty: KeyKty, crv?: string): KeyAlg[] {
  return KEY_ALGS.filter((a) => ktyOfAlg(a) === kty && (kty === 'RSA' || curveOfAlg(a) === crv));
}

/** The algorithm a new or imported key gets when nobody chose one: SMART's RS384/ES384 where possible. */
export function defaultAlgFor(kty: KeyKty, crv?: string): KeyAlg | undefined {
  if (kty === 'RSA') return 'RS384';
  if (crv === 'P-384') return 'ES384';
  if (crv === 'P-256') return 'ES256';
  return undefined;
}

/** Why an algorithm cannot be used with a key, in words; undefined when it fits. */
export function algMismatch(alg: KeyAlg, kty: KeyKty, crv?: string): string | undefined {
  if (ktyOfAlg(alg) !== kty) return `${alg} needs an ${ktyOfAlg(alg)} key, but this is an ${kty} key`;
  const want = curveOfAlg(alg);
  if (want && want !== crv) return `${alg} needs a key on curve ${want}, but this key is on ${crv ?? 'no curve'}`;
  return undefined;
}

/** True when a string is a supported key algorithm. */
export const isKeyAlg = (v: unknown): v is KeyAlg => typeof v === 'string' && (KEY_ALGS as readonly string[]).includes(v);
