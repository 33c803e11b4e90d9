/**
 * One POST to a token endpoint read honestly, and the redacted views (request, response, curl)
 * the renderer may see.
 */
export { headersRecord, looksLikeHtml, responseView, snippet } from './http-views.ts';
export { postForm, type Exchange } from './token-exchange.ts';
export { toCurl } from './curl.ts';
