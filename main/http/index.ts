/**
 * TODO face of main/http
 */
export { createFetchHttpClient } from './fetch-http-client.ts';
export { type HttpClient, type HttpRequest, type HttpResponse } from './http-client.ts';
export { logPreviewBytes, readBodyBytes, readBodyLimited, streamExchange, type ExchangeLog, type OpenResponse, type StreamDeps } from './streaming-exchange.ts';
export { describeTransportError } from './transport-errors.ts';
