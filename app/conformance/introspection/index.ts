/**
 * The introspection-response inspector (rules 185-188, RFC 7662 and SMART's required fields).
 */
export { inspectIntrospection } from './inspect-introspection.ts';
