/**
 * Server profiles: the schema every store and form validates with, vendor presets, the built-in
 * sandbox profiles, and the import/export format.
 */
export { ASSERTION_ALGS, ASSERTION_LIMITS, AUTH_METHODS, AUTH_METHOD_LABELS, AssertionControls, CLAIM_TYPES, DEFAULT_ASSERTION_LIFETIME_SECONDS, DISCOVERY_DOCUMENT_KINDS, Profile, ProfileInput, isAuthCode, needsClientId, type AssertionSettings, type AuthMethod, type DiscoveredEndpoints, type DiscoveryDocumentKind, type ExtraClaim, usesAssertion, usesClientSecret } from './schema.ts';
export { ENDPOINT_FIELDS, ENDPOINT_INFO, ENDPOINT_KINDS, resolveEndpoint, resolveEndpoints, typedEndpoint, type EndpointField, type EndpointKind, type EndpointOrigin, type EndpointValues, type ResolvedEndpoint } from './endpoints.ts';
export { DEFAULT_LOOPBACK_PORT, LOOPBACK_CALLBACK_PATH, redirectUriFor, redirectUriToRegister, type RedirectSettings } from './redirect-uri.ts';
export { PROFILE_STORE_VERSION, migrateStoredProfiles } from './migration.ts';
export { VENDOR_PRESETS, resolveTemplate, type VendorPreset } from './presets.ts';
export { SANDBOX_PRESET_IDS, sandboxProfiles } from './sandbox-profiles.ts';
export { PROFILE_EXPORT_FORMAT, parseProfileImport } from './transfer.ts';
