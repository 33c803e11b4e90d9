/**
 * TODO face of main/windows
 */
export { createMainWindow, hardenSession } from './main-window.ts';
export { RENDERER_CSP } from './csp.ts';
