/**
 * The token-response inspector (rules 67-87): envelope, fields, and what was granted against what
 * was asked for.
 */
export { inspectTokenResponse } from './inspect-token-response.ts';
