/**
 * The FHIR-request inspector (rules 189-190): how a request to the resource server presents its
 * access token.
 */
export { inspectFhirRequest } from './inspect-fhir-request.ts';
