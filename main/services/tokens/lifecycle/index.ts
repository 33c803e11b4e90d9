/**
 * TODO face of main/services/tokens/lifecycle
 */
export { clockSkewSeconds } from './diagnose.ts';
export { TokenCache, needsRenewal, summarize, type CachedToken, type Timers } from './token-cache.ts';
export { TokenRunner } from './token-runner.ts';
