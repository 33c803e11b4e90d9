import type { AuthMethod, ExtraClaim, NameValue } from './schema.ts';

/**
 * Vendor presets: what each vendor's onboarding document says, pre-filled into a new profile.
 *
 * Endpoint templates use `{base}` (the FHIR base the user enters) and `{origin}` (its scheme,
 * host and port), because vendors place token endpoints relative to one or the other.
 */
export interface VendorPreset {
  id: string;
  label: string;
  /** One line shown in the picker: which flow and what is special about this vendor. */
  summary: string;
  /** Where the pre-filled values come from, so users can check them. */
  source: string;
  fhirBaseExample: string;
  authMethod: AuthMethod;
  scopes: string;
  tokenEndpoint?: string;
  authorizeEndpoint?: string;
  extraTokenParams?: NameValue[];
  extraAuthorizeParams?: NameValue[];
  extraClaims?: ExtraClaim[];
  alg?: 'RS384' | 'ES384' | 'RS256';
  lifetimeSeconds?: number;
  /** Things to do outside the app (register a JWKS, ask for a client id). */
  notes: string;
}

/** Every preset the New Profile picker offers, in display order. */
export const VENDOR_PRESETS: readonly VendorPreset[] = [
  {
    id: 'bwell', label: 'b.well: system client credentials',
    summary: 'client_credentials with client_secret_post to {base}/oauth2/token',
    source: 'b.well "System Authentication"',
    fhirBaseExample: 'https://fhir.sandbox.example-bwell.com', authMethod: 'client-credentials-post',
    scopes: 'system/*.read', tokenEndpoint: '{base}/oauth2/token',
    notes: 'b.well assigns your client id, secret and scopes during onboarding. Tokens typically last 3600 s; request a new one when it expires.',
  },
  {
    id: 'careevolution-smart', label: 'CareEvolution / HIEBus: SMART app',
    summary: 'authorization code + PKCE; endpoints from the CapabilityStatement',
    source: 'CareEvolution "Getting an Access Token"',
    fhirBaseExample: 'https://fhir.careevolution.com/Master.Adapter1.WebClient/api/fhir-r4', authMethod: 'auth-code-pkce-public',
    scopes: 'launch/patient openid fhirUser patient/*.read',
    notes: 'Register the app ("Register SMART Clients") with the redirect URI the app shows, and tick PKCE. Run discovery: HIEBus publishes its OAuth endpoints in the CapabilityStatement (rest.security oauth-uris).',
  },
  {
    id: 'careevolution-backend', label: 'CareEvolution / HIEBus: backend services',
    summary: 'client_credentials with a signed JWT assertion; endpoints from the CapabilityStatement',
    source: 'CareEvolution "Getting an Access Token" (Backend Services Authorization)',
    fhirBaseExample: 'https://fhir.careevolution.com/Master.Adapter1.WebClient/api/fhir-r4', authMethod: 'client-credentials-jwt',
    scopes: 'system/*.read', alg: 'RS384',
    notes: 'The site administrator sets up the system account and client ("Use Backend Services Authentication" on the public test server shows the client id and key).',
  },
  {
    id: 'aidbox', label: 'Aidbox: SMART backend services',
    summary: 'private_key_jwt to {origin}/auth/token; Aidbox fetches your jwks_uri',
    source: 'Aidbox "SMART backend services"',
    fhirBaseExample: 'http://localhost:8080/fhir', authMethod: 'client-credentials-jwt',
    scopes: 'system/*.read', tokenEndpoint: '{origin}/auth/token', alg: 'RS384',
    notes: 'Register a Client (type bulk-api-client) with jwks_uri pointing at a JWKS Aidbox can reach; the Keys area can host http://127.0.0.1:<port>/.well-known/jwks.json. Create an AccessPolicy linking the client.',
  },
  {
    id: 'intelichart-code', label: 'InteliChart: authorization code (shared secret)',
    summary: 'authorization code, client id:secret in Basic, audience token parameter',
    source: 'InteliChart "Authorization Registration"',
    fhirBaseExample: 'https://fhir.example-intelichart.com/api/fhir', authMethod: 'auth-code-confidential-basic',
    scopes: 'openid fhirUser patient/*.read',
    extraTokenParams: [{ name: 'audience', value: '{base}' }, { name: 'client_id', value: '{clientId}' }],
    notes: 'InteliChart generates the client id and secret at onboarding; register the redirect URI the app shows. The token request carries audience = the FHIR API base URL.',
  },
  {
    id: 'intelichart-backend', label: 'InteliChart: backend JWT (asymmetric)',
    summary: 'client_credentials with an assertion carrying jwks_url and accessTokensExpireIn',
    source: 'InteliChart "Authorization Registration" (Asymmetric)',
    fhirBaseExample: 'https://fhir.example-intelichart.com/api/fhir', authMethod: 'client-credentials-jwt',
    scopes: 'system/*.read', alg: 'RS384',
    extraClaims: [
      { name: 'jwks_url', value: 'https://your-service.example.com/.well-known/jwks.json', type: 'string' },
      { name: 'accessTokensExpireIn', value: '5', type: 'number' },
    ],
    notes: 'jwks_url must equal the JWKS URL registered at onboarding. accessTokensExpireIn is in minutes.',
  },
  {
    id: 'smart-health-it', label: 'SMART Health IT sandbox',
    summary: 'authorization code + PKCE public client against the public SMART launcher',
    source: 'SMART Health IT launcher',
    fhirBaseExample: 'https://launch.smarthealthit.org/v/r4/fhir', authMethod: 'auth-code-pkce-public',
    scopes: 'launch/patient openid fhirUser patient/*.rs offline_access',
    notes: 'The launcher accepts any client id. Discovery fills the endpoints.',
  },
  {
    id: 'epic-backend', label: 'Epic: backend services',
    summary: 'private_key_jwt with RS384; register the public key or JWKS URL on Epic on FHIR',
    source: 'Epic on FHIR backend OAuth 2.0 documentation',
    fhirBaseExample: 'https://fhir.epic.com/interconnect-fhir-oauth/api/FHIR/R4', authMethod: 'client-credentials-jwt',
    scopes: 'system/Patient.rs', alg: 'RS384', lifetimeSeconds: 240,
    notes: 'Epic rejects assertions that live longer than 5 minutes and reused jti values. Discovery fills the token endpoint.',
  },
  {
    id: 'epic-app', label: 'Epic: SMART app (PKCE)',
    summary: 'authorization code + PKCE; aud must be the FHIR base',
    source: 'Epic on FHIR SMART launch documentation',
    fhirBaseExample: 'https://fhir.epic.com/interconnect-fhir-oauth/api/FHIR/R4', authMethod: 'auth-code-pkce-public',
    scopes: 'openid fhirUser launch/patient patient/Patient.rs patient/Observation.rs',
    notes: 'Epic requires the aud parameter on authorize; the app always sends it.',
  },
  {
    id: 'cerner-backend', label: 'Oracle Health (Cerner): system account',
    summary: 'client_credentials with client_secret_basic; SMART v2 system scopes',
    source: 'Oracle Health Millennium FHIR system-account documentation',
    fhirBaseExample: 'https://fhir-ehr-code.cerner.com/r4/ec2458f2-1e24-41c8-b71b-0e701af7583d', authMethod: 'client-credentials-basic',
    scopes: 'system/Patient.rs system/Observation.rs',
    notes: 'Discovery fills the token endpoint (tenant-specific).',
  },
  {
    id: 'cerner-app', label: 'Oracle Health (Cerner): SMART app (PKCE)',
    summary: 'authorization code + PKCE; SMART v2 patient scopes',
    source: 'Oracle Health Millennium SMART documentation',
    fhirBaseExample: 'https://fhir-ehr-code.cerner.com/r4/ec2458f2-1e24-41c8-b71b-0e701af7583d', authMethod: 'auth-code-pkce-public',
    scopes: 'openid fhirUser launch/patient patient/Patient.rs patient/Observation.rs offline_access',
    notes: 'Register the redirect URI the app shows in the Oracle Health code console.',
  },
];

/** Fills `{base}`, `{origin}` and `{clientId}` in a preset template. */
export function resolveTemplate(template: string, fhirBaseUrl: string, clientId = ''): string {
  // Most values hold no placeholder; they are used on every token request, so skip the work.
  if (!template.includes('{')) return template;
  let origin = '';
  if (template.includes('{origin}')) {
    try {
      origin = new URL(fhirBaseUrl).origin;
    } catch {
      origin = '';
    }
  }
  return template
    .replaceAll('{base}', fhirBaseUrl.replace(/\/+$/, ''))
    .replaceAll('{origin}', origin)
    .replaceAll('{clientId}', clientId);
}
