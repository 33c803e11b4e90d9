/**
 * Access-token and ID-token inspectors (rules 88-101) and the JWT helpers they share (audience,
 * numeric dates, verification against the server's JWKS).
 */
export { checkAccessToken } from './access-token.ts';
export { inspectAccessToken, inspectIdToken } from './inspect-tokens.ts';
export { checkIdToken } from './id-token.ts';
export { verifyWithJwks } from './jwt-claims.ts';
