/**
 * The sandbox's FHIR R4 resource server: Medplum's router behind the bearer-token gate and SMART
 * scope enforcement.
 */
export { authorizeFhirRequest, sendInsufficientScope, type FhirAuthDeps } from './fhir-auth.ts';
export { handleFhirRequest, type ExportTarget, type FhirCall } from './fhir-server.ts';
export { FhirRouter, MemoryRepository, ensureFhirDefinitions, isResourceType, parseSearchRequest } from './medplum.ts';
export { compartmentParam, decideAccess, resourceMatchesAny } from './scopes-enforcement.ts';
