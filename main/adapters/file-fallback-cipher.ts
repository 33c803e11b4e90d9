import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SecretCipher } from '../ports.ts';

const PREFIX = 'v1-file:';

/**
 * Browser-mode secret protection: AES-256-GCM with a key in a file only the user can read.
 *
 * This is weaker than the OS keychain (anyone who can read the user's files can decrypt), so
 * `kind` is 'file-fallback' and the UI says so wherever secrets are entered.
 */
export async function createFileFallbackCipher(dataDir: string): Promise<SecretCipher> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const keyPath = join(dataDir, 'secret-fallback.key');
  let key: Buffer;
  try {
    key = Buffer.from((await readFile(keyPath, 'utf8')).trim(), 'base64');
    if (key.length !== 32) throw new Error('bad key length');
  } catch {
    key = randomBytes(32);
    await writeFile(keyPath, key.toString('base64'), { mode: 0o600 });
  }
  await chmod(keyPath, 0o600).catch(() => undefined);
  return {
    kind: 'file-fallback',
    async encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return PREFIX + Buffer.concat([iv, c.getAuthTag(), body]).toString('base64');
    },
    async decrypt(sealed) {
      if (!sealed.startsWith(PREFIX)) throw new Error('not sealed by the file fallback (was it written by the desktop app?)');
      const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64');
      const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      d.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
    },
  };
}
