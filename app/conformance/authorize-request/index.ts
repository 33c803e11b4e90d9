/**
 * The authorization-request inspector (rules 153-159 plus PKCE, redirect URI and scope rules on
 * the authorize side), and the reader of the query string that comes back on the redirect URI.
 */
export { inspectAuthorizeRequest, parseCallbackQuery } from './inspect-authorize-request.ts';
