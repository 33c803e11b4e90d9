/**
 * TODO face of app/conformance/introspection
 */
export { inspectIntrospection } from './inspect-introspection.ts';
