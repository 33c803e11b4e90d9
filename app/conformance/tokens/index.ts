/**
 * TODO face of app/conformance/tokens
 */
export { checkAccessToken } from './access-token.ts';
export { inspectAccessToken, inspectIdToken } from './inspect-tokens.ts';
export { checkIdToken } from './id-token.ts';
export { verifyWithJwks } from './jwt-claims.ts';
