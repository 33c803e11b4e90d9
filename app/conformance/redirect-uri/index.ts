/**
 * Redirect URI rules for desktop, mobile and web apps (rules 160-166).
 */
export { checkRedirectUri, redirectUriFindings } from './redirect-uri.ts';
