/**
 * TODO face of app/conformance/token-response
 */
export { inspectTokenResponse } from './inspect-token-response.ts';
