/**
 * The Content-Security-Policy for the renderer, in Electron and in browser mode alike.
 *
 * Only the app's own scripts run; the renderer may talk only to its own origin (the bridge in
 * browser mode; nothing in Electron, where IPC is used). Inline styles are allowed because
 * React style attributes and CodeMirror need them; inline scripts are not.
 */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
].join('; ');
