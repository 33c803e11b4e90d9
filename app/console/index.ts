/**
 * The FHIR console's framework-free core: building requests, size limits, curl, OperationOutcome
 * reading and CapabilityStatement summaries, shared by main and the renderer.
 */
export { outcomeFromText, outcomeSentence, type OutcomeIssue } from './operation-outcome.ts';
export { summarizeCapabilityStatement, type CapabilitySummary, type SearchParamHint } from './capabilities.ts';
export { CONSOLE_METHODS, INLINE_BODY_BYTES, MAX_CONSOLE_BODY_CHARS, MAX_READ_CHUNK, MAX_RESPONSE_BYTES, MAX_TREE_BYTES } from './limits.ts';
export { toCurl } from './curl.ts';
export { buildConsoleRequest, checkJson, looksLikeJson, resolveConsoleUrl, type BuiltRequest } from './request.ts';
