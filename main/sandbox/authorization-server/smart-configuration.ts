/**
 * SMART discovery for the sandbox: `[base]/.well-known/smart-configuration` and the
 * CapabilityStatement served at `[base]/metadata`.
 *
 * Why: clients find every endpoint and capability here; both documents must agree with each
 * other and with what the authorization server really does (conformance.md section 8), so they
 * are built from the same endpoint list.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/conformance.html
 */
import { OAUTH_ROUTES } from './provider-config.ts';

/** Absolute URLs of every OAuth endpoint. */
export interface SandboxEndpoints {
  issuer: string;
  fhirBaseUrl: string;
  authorize: string;
  token: string;
  jwks: string;
  register: string;
  introspect: string;
  revoke: string;
}

/** Endpoint URLs for an issuer (the sandbox origin) and its FHIR base. */
export function sandboxEndpoints(issuer: string, fhirBaseUrl: string): SandboxEndpoints {
  return {
    issuer,
    fhirBaseUrl,
    authorize: issuer + OAUTH_ROUTES.authorization,
    token: issuer + OAUTH_ROUTES.token,
    jwks: issuer + OAUTH_ROUTES.jwks,
    register: issuer + OAUTH_ROUTES.registration,
    introspect: issuer + OAUTH_ROUTES.introspection,
    revoke: issuer + OAUTH_ROUTES.revocation,
  };
}

/** The SMART capabilities the sandbox really implements. */
export const SMART_CAPABILITIES = [
  'launch-ehr',
  'launch-standalone',
  'client-public',
  'client-confidential-symmetric',
  'client-confidential-asymmetric',
  'sso-openid-connect',
  'context-banner',
  'context-ehr-patient',
  'context-ehr-encounter',
  'context-standalone-patient',
  'permission-offline',
  'permission-online',
  'permission-patient',
  'permission-user',
  'permission-v1',
  'permission-v2',
] as const;

/** The `.well-known/smart-configuration` document. */
export function smartConfiguration(e: SandboxEndpoints): Record<string, unknown> {
  return {
    issuer: e.issuer,
    jwks_uri: e.jwks,
    authorization_endpoint: e.authorize,
    grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token'],
    token_endpoint: e.token,
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384'],
    registration_endpoint: e.register,
    scopes_supported: [
      'openid', 'fhirUser', 'profile', 'launch', 'launch/patient', 'offline_access', 'online_access',
      'patient/*.read', 'patient/*.rs', 'user/*.read', 'user/*.rs', 'user/*.cruds', 'system/*.read', 'system/*.rs',
      'patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory',
    ],
    response_types_supported: ['code'],
    introspection_endpoint: e.introspect,
    revocation_endpoint: e.revoke,
    code_challenge_methods_supported: ['S256'],
    capabilities: [...SMART_CAPABILITIES],
  };
}

const SEARCHABLE_TYPES = [
  'Patient', 'Observation', 'Condition', 'Encounter', 'MedicationRequest', 'Immunization',
  'AllergyIntolerance', 'Practitioner', 'Group',
];

/**
 * The CapabilityStatement, with the SMART security extension (oauth-uris) and service coding;
 * `oauthUris: false` leaves both out (a FHIR server that says nothing about its authorization).
 */
export function capabilityStatement(e: SandboxEndpoints, software: { name: string; version: string }, opts: { oauthUris?: boolean } = {}): Record<string, unknown> {
  const oauthUris = [
    ['authorize', e.authorize], ['token', e.token], ['register', e.register],
    ['introspect', e.introspect], ['revoke', e.revoke],
  ].map(([url, valueUri]) => ({ url, valueUri }));
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-01-01',
    kind: 'instance',
    software,
    implementation: { description: 'FHIR Auth Explorer local SMART sandbox', url: e.fhirBaseUrl },
    fhirVersion: '4.0.1',
    format: ['json'],
    instantiates: ['http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data'],
    rest: [{
      mode: 'server',
      security: opts.oauthUris === false ? { cors: true } : {
        cors: true,
        service: [{
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR', display: 'SMART-on-FHIR' }],
          text: 'OAuth2 using SMART-on-FHIR profile (see http://docs.smarthealthit.org)',
        }],
        extension: [{ url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris', extension: oauthUris }],
      },
      resource: SEARCHABLE_TYPES.map((type) => ({
        type,
        interaction: ['read', 'vread', 'search-type', 'create', 'update', 'delete', 'history-instance'].map((code) => ({ code })),
        ...(type === 'Patient' || type === 'Group'
          ? { operation: [{ name: 'export', definition: `http://hl7.org/fhir/uv/bulkdata/OperationDefinition/${type.toLowerCase()}-export` }] }
          : {}),
      })),
      operation: [{ name: 'export', definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export' }],
    }],
  };
}
