/**
 * TODO face of app/conformance/oauth-errors
 */
export { explainOAuthError } from './explain.ts';
