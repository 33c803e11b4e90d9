/**
 * TODO face of app/conformance/authorize-request
 */
export { inspectAuthorizeRequest, parseCallbackQuery } from './inspect-authorize-request.ts';
