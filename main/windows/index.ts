/**
 * The Electron window: webPreferences, CSP, navigation and window-open guards.
 */
export { createMainWindow, hardenSession } from './main-window.ts';
export { RENDERER_CSP } from './csp.ts';
