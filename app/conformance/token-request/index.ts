/**
 * The token-request inspector (rules 49-66): a token request exactly as sent, with its client
 * authentication and grant parameters.
 */
export { inspectTokenRequest } from './inspect-token-request.ts';
