/**
 * One analysis per endpoint kind: each reads the exchange, runs the conformance checks that fit
 * it, and places every finding in a tier of the ranking.
 */
export { analyseAuthorize } from './authorize.ts';
export { analyseBulk } from './bulk.ts';
export { analyseDiscovery, analyseJwks } from './documents.ts';
export { analyseProtected } from './protected.ts';
export { analyseRegistration } from './registration.ts';
export { analyseFhir } from './resource.ts';
export { analyseToken } from './token.ts';
