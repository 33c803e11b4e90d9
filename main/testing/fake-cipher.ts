import type { SecretCipher } from '../ports.ts';

/**
 * A deterministic SecretCipher for tests: reversible, but the plain text never appears in the
 * sealed string, and a cipher with another `tag` cannot open it (like a value written by the
 * other mode, or after the key file changed).
 */
export function createFakeCipher(opts: { tag?: string; kind?: SecretCipher['kind']; failEncrypt?: boolean } = {}): SecretCipher {
  const prefix = `fake-${opts.tag ?? 'a'}:`;
  return {
    kind: opts.kind ?? 'file-fallback',
    async encrypt(plain) {
      if (opts.failEncrypt) throw new Error('the keychain is locked');
      return prefix + Buffer.from([...Buffer.from(plain, 'utf8')].map((b) => b ^ 0x5a)).toString('base64');
    },
    async decrypt(sealed) {
      if (!sealed.startsWith(prefix)) throw new Error(`not sealed by this cipher (${prefix})`);
      return Buffer.from([...Buffer.from(sealed.slice(prefix.length), 'base64')].map((b) => b ^ 0x5a)).toString('utf8');
    },
  };
}
