import type { SecretCipher } from '../ports.ts';

const PREFIX = 'v1-os:';

/** The part of Electron's safeStorage this adapter uses (injected so it is testable). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
}

/**
 * Desktop secret protection through Electron safeStorage (Keychain, DPAPI, libsecret).
 *
 * A version-tagged prefix lets a later format change read old values.
 */
export function createSafeStorageCipher(safeStorage: SafeStorageLike): SecretCipher {
  return {
    kind: 'os-keychain',
    async encrypt(plain) {
      if (!safeStorage.isEncryptionAvailable()) throw new Error('The OS keychain is not available; secrets cannot be stored safely.');
      return PREFIX + safeStorage.encryptString(plain).toString('base64');
    },
    async decrypt(sealed) {
      if (!sealed.startsWith(PREFIX)) throw new Error('not sealed by the OS keychain (was it written in browser mode?)');
      return safeStorage.decryptString(Buffer.from(sealed.slice(PREFIX.length), 'base64'));
    },
  };
}
