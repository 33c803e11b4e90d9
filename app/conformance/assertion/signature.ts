import { finding } from '../finding.ts';
import { base64UrlDecode, type DecodedJws } from '../jws.ts';
import { EC_HALF_BYTES, ktyForAlg } from '../key-strength.ts';
import type { Finding } from '../types.ts';
import { show } from '../values.ts';

/**
 * Signature rules of the client assertion: ASSERT-ECDSA-DER (signature encoding) and
 * ASSERT-SIG-INVALID (verification with the registered key the server would select by `kid`).
 *
 * Verification uses WebCrypto directly rather than jose: jose refuses RSA keys under 2048 bits,
 * and this inspector must still tell whether such a key verifies (KEY-RSA-TOO-SMALL is reported
 * separately).
 */

/** Outcome of verifying a signature with one key. */
export type Verification = 'valid' | 'invalid' | 'unverifiable';

interface AlgParams {
  importAlg: AlgorithmIdentifier | RsaHashedImportParams | EcKeyImportParams;
  verifyAlg: AlgorithmIdentifier | RsaPssParams | EcdsaParams;
}

function algParams(alg: string, key: Record<string, unknown>): AlgParams | undefined {
  const m = /^(RS|PS|ES)(256|384|512)$/.exec(alg);
  if (m) {
    const hash = `SHA-${m[2]}`;
    if (m[1] === 'RS') return { importAlg: { name: 'RSASSA-PKCS1-v1_5', hash }, verifyAlg: { name: 'RSASSA-PKCS1-v1_5' } };
    if (m[1] === 'PS') return { importAlg: { name: 'RSA-PSS', hash }, verifyAlg: { name: 'RSA-PSS', saltLength: Number(m[2]) / 8 } };
    if (typeof key.crv !== 'string') return undefined;
    return { importAlg: { name: 'ECDSA', namedCurve: key.crv }, verifyAlg: { name: 'ECDSA', hash } };
  }
  if ((alg === 'EdDSA' || alg === 'Ed25519') && key.crv === 'Ed25519') return { importAlg: { name: 'Ed25519' }, verifyAlg: { name: 'Ed25519' } };
  return undefined;
}

function publicJwk(key: Record<string, unknown>): JsonWebKey {
  const pick = key.kty === 'RSA' ? ['kty', 'n', 'e'] : key.kty === 'EC' ? ['kty', 'crv', 'x', 'y'] : ['kty', 'crv', 'x'];
  const out: Record<string, unknown> = {};
  for (const m of pick) if (m in key) out[m] = key[m];
  return out as JsonWebKey;
}

/** Verifies a compact JWS with a JWK using the header `alg`; never throws. */
export async function verifyJws(jws: DecodedJws, key: Record<string, unknown>, alg: unknown): Promise<Verification> {
  if (typeof alg !== 'string' || ktyForAlg(alg) !== key.kty) return 'unverifiable';
  const params = algParams(alg, key);
  const subtle = globalThis.crypto?.subtle;
  if (!params || !subtle) return 'unverifiable';
  let cryptoKey: CryptoKey;
  try {
    cryptoKey = await subtle.importKey('jwk', publicJwk(key), params.importAlg, false, ['verify']);
  } catch {
    return 'unverifiable';
  }
  let signature: Uint8Array;
  try {
    signature = base64UrlDecode(jws.signature);
  } catch {
    return 'invalid';
  }
  try {
    const data = new TextEncoder().encode(jws.signingInput);
    const ok = await subtle.verify(params.verifyAlg, cryptoKey, signature as BufferSource, data as BufferSource);
    return ok ? 'valid' : 'invalid';
  } catch {
    return 'invalid';
  }
}

/** ASSERT-ECDSA-DER: an ES* signature that is not exactly R‖S (2 × the curve size). */
export function checkEcdsaEncoding(jws: DecodedJws, alg: unknown): Finding[] {
  if (typeof alg !== 'string' || jws.signature === '') return [];
  const half = EC_HALF_BYTES[alg];
  if (half === undefined) return [];
  let sig: Uint8Array;
  try {
    sig = base64UrlDecode(jws.signature);
  } catch {
    return [];
  }
  if (sig.length === 2 * half) return [];
  const der = sig[0] === 0x30 ? ', starting with 0x30 (a DER SEQUENCE)' : '';
  return [finding('ASSERT-ECDSA-DER', `the ${alg} signature is ${sig.length} bytes${der}; JOSE needs raw R‖S of exactly ${2 * half} bytes`)];
}

/** ASSERT-SIG-INVALID, only when the server's key for this `kid` is known and usable. */
export async function checkSignature(jws: DecodedJws, key: Record<string, unknown> | undefined, alg: unknown): Promise<Finding[]> {
  if (!key || jws.signature === '') return [];
  const result = await verifyJws(jws, key, alg);
  if (result !== 'invalid') return [];
  return [finding('ASSERT-SIG-INVALID', `the ${show(alg)} signature does not verify with the registered key kid=${show(key.kid)}`)];
}
