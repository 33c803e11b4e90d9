import { AppFailure } from '../../app/result/index.ts';
import type { BrowserOpener } from '../services/tokens/index.ts';

/**
 * Opens authorize URLs in the user's default browser through Electron's `shell.openExternal`.
 *
 * Only http(s) URLs are opened: an authorize endpoint taken from a server's discovery document
 * must never become a `file:` or custom-scheme launch on the user's machine.
 */
export function createShellBrowserOpener(shell: { openExternal(url: string): Promise<void> }): BrowserOpener {
  return {
    opensInRenderer: false,
    async open(url) {
      let protocol = '';
      try { protocol = new URL(url).protocol; } catch { /* refused below */ }
      if (protocol !== 'http:' && protocol !== 'https:') throw new AppFailure('INVALID_INPUT', `Refusing to open ${url.slice(0, 80)} in the browser: only http(s) authorize endpoints are opened.`);
      // Security review, electronegativity OPEN_EXTERNAL_JS_CHECK (MEDIUM, "review the use of openExternal"):
      // only http(s) URLs get here (checked above), and only when the user starts a sign-in.
      await shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK
    },
  };
}
