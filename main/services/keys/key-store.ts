import { join } from 'node:path';
import { z } from 'zod';
import { KEY_ALGS } from '../../../app/keys/index.ts';
import { AtomicJsonFile, type FsPort } from '../../stores/index.ts';

/**
 * keys.json: one record per key, public half in clear, private JWK sealed by the SecretCipher.
 *
 * The public JWK schema lists only public members; zod strips anything else on load, so a
 * private member written into the clear half by hand never gets further than this file.
 */

const b64u = z.string().regex(/^[A-Za-z0-9_-]+$/, 'not base64url');

/** The clear public half of a stored key. */
export const StoredPublicJwk = z.discriminatedUnion('kty', [
  z.object({ kty: z.literal('RSA'), n: b64u, e: b64u }),
  z.object({ kty: z.literal('EC'), crv: z.enum(['P-256', 'P-384']), x: b64u, y: b64u }),
]);

/** One stored key. */
export const KeyRecord = z.object({
  id: z.string().min(1),
  kid: z.string().min(1),
  name: z.string(),
  alg: z.enum(KEY_ALGS),
  publicJwk: StoredPublicJwk,
  bits: z.number().int().optional(),
  thumbprint: z.string(),
  source: z.enum(['generated', 'imported-pem', 'imported-jwk', 'imported-jwks']),
  /** The whole private JWK as JSON, sealed by the SecretCipher (`v1-os:` / `v1-file:` prefix). */
  sealedPrivateJwk: z.string().min(1),
  createdAt: z.string(),
  updatedAt: z.string(),
});
/** One of KeyRecord. */
export type KeyRecord = z.infer<typeof KeyRecord>;

const KeyRecords = z.array(KeyRecord);

/** Opens keys.json in the data folder (mode 0600: it holds sealed private keys). */
export function openKeyFile(dataDir: string, fs?: FsPort): AtomicJsonFile<KeyRecord[]> {
  return new AtomicJsonFile({ path: join(dataDir, 'keys.json'), version: 1, schema: KeyRecords, empty: () => [], fs, mode: 0o600 });
}
