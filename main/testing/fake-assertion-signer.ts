import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import { AppFailure } from '../../app/result/result.ts';
import type { AssertionSigner } from '../services/tokens/ports.ts';

/**
 * A key service stand-in for token tests: one generated key per alg, signing like the real
 * KeyService (typ JWT, the key's kid, header fields override), public JWKS for verification.
 */
export async function createFakeSigner(alg: 'ES384' | 'RS384' = 'ES384', kid = 'test-kid'): Promise<AssertionSigner & { keyId: string; publicJwk: Record<string, unknown>; signed: number }> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  const signer = {
    keyId: 'key-1', publicJwk, signed: 0,
    async signJwt(keyId: string, input: { header?: Record<string, unknown>; payload: Record<string, unknown> }) {
      if (keyId !== 'key-1') throw new AppFailure('NOT_FOUND', `No key ${keyId}`);
      signer.signed++;
      const header = { typ: 'JWT', kid, ...input.header, alg: (input.header?.['alg'] as string | undefined) ?? alg };
      return new CompactSign(new TextEncoder().encode(JSON.stringify(input.payload))).setProtectedHeader(header).sign(privateKey);
    },
    async getPublicJwks(keyId: string) {
      if (keyId !== 'key-1') throw new AppFailure('NOT_FOUND', `No key ${keyId}`);
      return { keys: [publicJwk] };
    },
  };
  return signer;
}
