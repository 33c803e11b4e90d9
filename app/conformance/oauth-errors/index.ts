/**
 * Explains an OAuth or Bearer error response (rules 167-184, Appendix B): what the server's code
 * means, and the causes that fit what was sent, most likely first.
 */
export { explainOAuthError } from './explain.ts';
export { bearerChallenge, parseWwwAuthenticate, type Challenge } from './www-authenticate.ts';
export { uriWords } from './extract.ts';
