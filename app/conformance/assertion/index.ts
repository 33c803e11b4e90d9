/**
 * TODO face of app/conformance/assertion
 */
export { inspectAssertion } from './inspect-assertion.ts';
