/**
 * TODO face of app/conformance/pkce
 */
export { checkChallengeEncoding, checkPkce, checkPkceMethod } from './pkce.ts';
