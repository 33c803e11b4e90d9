/**
 * Main's network layer: the HttpClient port every service uses, its fetch implementation, the
 * streaming exchange for large bodies, and transport-error wording. Every exchange is recorded
 * through an ExchangeRecorder (the activity log).
 */
export { createFetchHttpClient } from './fetch-http-client.ts';
export { type HttpClient, type HttpRequest, type HttpResponse } from './http-client.ts';
export { logPreviewBytes, readBodyBytes, readBodyLimited, streamExchange, type ExchangeLog, type OpenResponse, type StreamDeps } from './streaming-exchange.ts';
export { describeTransportError } from './transport-errors.ts';
