/**
 * TODO face of app/conformance/redirect-uri
 */
export { checkRedirectUri, redirectUriFindings } from './redirect-uri.ts';
