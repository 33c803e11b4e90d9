/**
 * The redirect URI of a desktop app's sign-in: a loopback address (RFC 8252 §7.3) on a port that
 * stays the same from run to run, so the exact URI can be registered with a vendor.
 *
 * RFC 8252 lets a server accept any port on a loopback redirect, but many vendors compare the
 * registered URI exactly; a new random port per run would match nothing. A profile therefore
 * listens on a fixed default port unless it names its own redirect URI (or asks for port 0, any
 * free port, for servers that follow the RFC).
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.3
 */

/**
 * The loopback port a profile's sign-in listens on by default. Below the usual ephemeral range
 * (32768-60999 on Linux, 49152-65535 elsewhere), so the OS does not hand it to another program's
 * outgoing connection.
 */
export const DEFAULT_LOOPBACK_PORT = 29170;

/** The path of the default loopback redirect URI. */
export const LOOPBACK_CALLBACK_PATH = '/callback';

/** The parts of a profile that decide its redirect URI. */
export interface RedirectSettings {
  redirectUri?: string;
  loopbackPort: number;
}

/**
 * The redirect URI a profile's sign-in sends and listens on: its own redirect URI, else
 * `http://127.0.0.1:<loopbackPort>/callback`; undefined when the port is 0 (a free port is
 * chosen when the sign-in starts).
 */
export function redirectUriFor(p: RedirectSettings): string | undefined {
  if (p.redirectUri) return p.redirectUri;
  return p.loopbackPort ? `http://127.0.0.1:${p.loopbackPort}${LOOPBACK_CALLBACK_PATH}` : undefined;
}

/** The redirect URI to register, in words when no single URI exists (port 0). */
export function redirectUriToRegister(p: RedirectSettings): { uri: string; fixed: boolean } {
  const uri = redirectUriFor(p);
  return uri ? { uri, fixed: true } : { uri: `http://127.0.0.1${LOOPBACK_CALLBACK_PATH} (any port: a free one is chosen per sign-in)`, fixed: false };
}
