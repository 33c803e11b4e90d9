/**
 * The client-assertion inspector (private_key_jwt, rules 1-36): header, claims, key selection and
 * signature of a `client_assertion`, checked the way the token endpoint would check it.
 */
export { inspectAssertion } from './inspect-assertion.ts';
