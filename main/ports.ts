import type { EventName, EventPayload } from '../app/contract/index.ts';

/**
 * Ports main's services depend on. Electron and Node adapters implement them; tests use fakes.
 */

/** Pushes an event to every renderer (IPC webContents.send, or the bridge's SSE stream). */
export interface EventSink {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

/** Current time; pinned in tests. */
export interface Clock {
  now(): number;
}

/** The real clock. */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * Encrypts small secrets at rest: Electron safeStorage, or the browser-mode file fallback.
 *
 * `kind` is shown to the user so nobody mistakes the fallback for OS keychain protection.
 */
export interface SecretCipher {
  readonly kind: 'os-keychain' | 'file-fallback';
  encrypt(plain: string): Promise<string>;
  decrypt(sealed: string): Promise<string>;
}
