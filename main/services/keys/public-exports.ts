import { createPublicKey, type JsonWebKey } from 'node:crypto';
import type { KeyDetails, KeySummary, PublicJwk, PublicKeyFile } from '../../../app/contract/index.ts';
import type { KeyAlg, KeyKty } from '../../../app/keys/index.ts';

/**
 * Public/private JWK shapes and the public exports (JWK, JWKS, SPKI PEM) of a stored key.
 *
 * Public material is built from an allow-list of members, so a private member can never leak
 * into an export, even if a stored record were tampered with.
 */

/** A private RSA or EC JWK as node/jose export it (kty plus public and private members). */
export interface PrivateJwk {
  kty: KeyKty;
  n?: string; e?: string; d?: string; p?: string; q?: string; dp?: string; dq?: string; qi?: string;
  crv?: string; x?: string; y?: string;
}

/** The public members only, without kid/alg/use: what RFC 7638 thumbprints and SPKI are made from. */
export interface BarePublicJwk { kty: KeyKty; n?: string; e?: string; crv?: string; x?: string; y?: string }

/** Copies only the public members of a JWK (RSA n/e, EC crv/x/y). */
export function publicPart(jwk: { kty: string; n?: string; e?: string; crv?: string; x?: string; y?: string }): BarePublicJwk {
  if (jwk.kty === 'RSA') return { kty: 'RSA', n: jwk.n, e: jwk.e };
  return { kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y };
}

/** The published JWK of a key: public members plus kid, alg and use=sig. */
export function toPublicJwk(bare: BarePublicJwk, kid: string, alg: KeyAlg): PublicJwk {
  const pub = publicPart(bare);
  return pub.kty === 'RSA'
    ? { kty: 'RSA', kid, alg, use: 'sig', n: pub.n, e: pub.e }
    : { kty: 'EC', kid, alg, use: 'sig', crv: pub.crv, x: pub.x, y: pub.y };
}

/** SPKI PEM (-----BEGIN PUBLIC KEY-----) of a public JWK. */
export function spkiPem(bare: BarePublicJwk): string {
  return createPublicKey({ key: publicPart(bare) as JsonWebKey, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
}

/** A file-name-safe form of a kid or name. */
const slug = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'key';

/** Builds the details view of a key: its summary plus the three public exports. */
export function toDetails(summary: KeySummary, bare: BarePublicJwk): KeyDetails {
  const publicJwk = toPublicJwk(bare, summary.kid, summary.alg);
  const base = slug(summary.kid);
  const file = (ext: string, mimeType: string, text: string): PublicKeyFile => ({ fileName: `${base}.${ext}`, mimeType, text });
  return {
    ...summary,
    publicJwk,
    exports: {
      jwk: file('public.jwk.json', 'application/jwk+json', `${JSON.stringify(publicJwk, null, 2)}\n`),
      jwks: file('jwks.json', 'application/jwk-set+json', `${JSON.stringify({ keys: [publicJwk] }, null, 2)}\n`),
      pem: file('public.pem', 'application/x-pem-file', spkiPem(bare)),
    },
  };
}
