/**
 * TODO face of app/conformance/token-request
 */
export { inspectTokenRequest } from './inspect-token-request.ts';
