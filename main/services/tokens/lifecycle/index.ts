/**
 * Runs and the token cache: a flow run the Tokens area follows from start to outcome, its
 * diagnosis, the cached token per profile and its renewal clock.
 */
export { clockSkewSeconds } from './diagnose.ts';
export { TokenCache, needsRenewal, summarize, type CachedToken } from './token-cache.ts';
export { TokenRunner } from './token-runner.ts';
export { PreparedAssertions } from './prepared-assertions.ts';
