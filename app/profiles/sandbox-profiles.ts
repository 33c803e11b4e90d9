import type { ProfileInput } from './schema.ts';

/** Preset ids that mark the built-in sandbox's profiles (their URLs follow the sandbox's port). */
export const SANDBOX_PRESET_IDS = ['sandbox-backend', 'sandbox-secret', 'sandbox-pkce', 'sandbox-asymmetric-app'] as const;

/** What the sandbox profiles need to know about the running sandbox. */
export interface SandboxProfileFacts {
  fhirBaseUrl: string;
  backendClientId: string;
  backendKeyId: string;
  secretClientId: string;
  publicAppClientId: string;
  /** The confidential asymmetric app (authorization code with private_key_jwt), registered with the backend key. */
  asymmetricAppClientId: string;
}

/**
 * The profiles a fresh install holds, pointing at the built-in sandbox, so a newcomer can run
 * every flow with zero credentials. They listen on any free loopback port (`loopbackPort: 0`):
 * the sandbox accepts every loopback redirect, so nothing needs a fixed one.
 */
export function sandboxProfiles(f: SandboxProfileFacts): ProfileInput[] {
  const note = 'Built-in local sandbox (oidc-provider + a synthetic FHIR R4 server on 127.0.0.1). It starts when a request needs it.';
  return [
    {
      name: 'Sandbox: backend services (private_key_jwt)', presetId: 'sandbox-backend', fhirBaseUrl: f.fhirBaseUrl,
      authMethod: 'client-credentials-jwt', clientId: f.backendClientId, scopes: 'system/*.rs', loopbackPort: 0,
      assertion: { keyId: f.backendKeyId, alg: 'ES384', extraClaims: [], extraHeader: [] },
      notes: `${note} The signing key was generated on first run and registered with the sandbox; it never leaves this computer.`,
    },
    {
      name: 'Sandbox: client secret', presetId: 'sandbox-secret', fhirBaseUrl: f.fhirBaseUrl,
      authMethod: 'client-credentials-basic', clientId: f.secretClientId, scopes: 'system/Patient.rs system/Observation.rs', loopbackPort: 0,
      notes: `${note} The demo client secret is stored encrypted like any other secret.`,
    },
    {
      name: 'Sandbox: SMART app (PKCE)', presetId: 'sandbox-pkce', fhirBaseUrl: f.fhirBaseUrl,
      authMethod: 'auth-code-pkce-public', clientId: f.publicAppClientId, scopes: 'launch/patient openid fhirUser patient/*.rs offline_access', loopbackPort: 0,
      notes: `${note} Sign in on the sandbox's page with the demo user shown there, then pick a patient.`,
    },
    {
      name: 'Sandbox: SMART app (private_key_jwt)', presetId: 'sandbox-asymmetric-app', fhirBaseUrl: f.fhirBaseUrl,
      authMethod: 'auth-code-confidential-jwt', clientId: f.asymmetricAppClientId, scopes: 'launch/patient openid fhirUser patient/*.rs offline_access', loopbackPort: 0,
      assertion: { keyId: f.backendKeyId, alg: 'ES384', extraClaims: [], extraHeader: [] },
      notes: `${note} A confidential asymmetric app (SMART App Launch 2.x): the code exchange and every refresh authenticate with a signed client assertion, using the same generated key as the backend profile. Sign in as clinician / sandbox.`,
    },
  ];
}
