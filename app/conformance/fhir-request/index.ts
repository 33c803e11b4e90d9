/**
 * TODO face of app/conformance/fhir-request
 */
export { inspectFhirRequest } from './inspect-fhir-request.ts';
