/**
 * TODO face of main/services/tokens/http
 */
export { headersRecord, looksLikeHtml, responseView, snippet } from './http-views.ts';
export { postForm, type Exchange } from './token-exchange.ts';
export { toCurl } from './curl.ts';
