/**
 * The FHIR Bulk Data Access protocol as pure functions: the kick-off (GET or POST with its
 * parameters), Retry-After and X-Progress, the completion manifest, output file names.
 */
export { DEFAULT_POLL_MS, kickoffPath, kickoffUrl, MAX_POLL_MS, MIN_POLL_MS, outputFileName, parseManifest, readProgress, retryAfterMs, BulkManifest, type ExportLevel, type KickoffParams } from './bulk-protocol.ts';
export { ASSOCIATED_DATA, kickoffParameters, kickoffProblem, kickoffRequest, patientReference, type KickoffRequest } from './kickoff.ts';
