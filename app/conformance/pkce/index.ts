/**
 * PKCE checks (rules 149-152): the verifier, the challenge, the method, and whether the pair matches.
 */
export { checkChallengeEncoding, checkPkce, checkPkceMethod } from './pkce.ts';
