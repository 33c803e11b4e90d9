/**
 * Server profiles: the schema every store and form validates with, vendor presets, the built-in
 * sandbox profiles, and the import/export format.
 */
export { ASSERTION_ALGS, AUTH_METHODS, AUTH_METHOD_LABELS, CLAIM_TYPES, Profile, ProfileInput, isAuthCode, needsClientId, type AssertionSettings, type AuthMethod, type DiscoveredEndpoints, type ExtraClaim, usesAssertion, usesClientSecret } from './schema.ts';
export { VENDOR_PRESETS, resolveTemplate, type VendorPreset } from './presets.ts';
export { SANDBOX_PRESET_IDS, sandboxProfiles } from './sandbox-profiles.ts';
export { PROFILE_EXPORT_FORMAT, parseProfileImport } from './transfer.ts';
