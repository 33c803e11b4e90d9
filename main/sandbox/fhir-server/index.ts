/**
 * TODO face of main/sandbox/fhir-server
 */
export { authorizeFhirRequest, sendInsufficientScope, type FhirAuthDeps } from './fhir-auth.ts';
export { handleFhirRequest, type ExportTarget, type FhirCall } from './fhir-server.ts';
export { FhirRouter, MemoryRepository, ensureFhirDefinitions, isResourceType, parseSearchRequest } from './medplum.ts';
export { compartmentParam, decideAccess, resourceMatchesAny } from './scopes-enforcement.ts';
