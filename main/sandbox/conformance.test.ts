import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  inspectAccessToken,
  inspectDiscovery,
  inspectIdToken,
  inspectIntrospection,
  inspectTokenResponse,
  type Finding,
} from '../../app/conformance/index.ts';
import { startSandbox, type Sandbox } from './index.ts';
import { authorize, basicAuth, postForm } from './testing/sandbox-test-kit.ts';

// The sandbox is what developers compare their servers against, so the app's own conformance
// engine must find nothing wrong with it.

let sb: Sandbox;
let jwks: { keys: Record<string, unknown>[] };
beforeAll(async () => {
  sb = await startSandbox();
  jwks = (await (await fetch(sb.jwksUri)).json()) as typeof jwks;
});
afterAll(async () => {
  await sb.stop();
});

function errors(findings: Finding[]): string[] {
  return findings.filter((f) => f.severity === 'error').map((f) => `${f.rule}: ${f.message}`);
}

function headersOf(res: { headers: Headers }): Record<string, string> {
  return Object.fromEntries(res.headers.entries());
}

describe('the sandbox against the conformance engine', () => {
  it('publishes discovery and a CapabilityStatement with no errors', async () => {
    const requestUrl = `${sb.fhirBaseUrl}/.well-known/smart-configuration`;
    const res = await fetch(requestUrl);
    const rawBody = await res.text();
    const capabilityStatement = await (await fetch(`${sb.fhirBaseUrl}/metadata`)).json();
    const findings = inspectDiscovery({ fhirBaseUrl: sb.fhirBaseUrl, requestUrl, status: res.status, headers: headersOf(res), rawBody, capabilityStatement });
    expect(errors(findings)).toEqual([]);
  });

  it('answers a backend token request with a conformant response and access token', async () => {
    const scope = 'system/Patient.rs system/Observation.rs';
    const res = await postForm(sb.tokenEndpoint, { grant_type: 'client_credentials', scope }, basicAuth('demo-secret-client', 'demo-secret-client-secret'));
    const findings = await inspectTokenResponse({
      flow: 'backend', clientId: 'demo-secret-client', fhirBaseUrl: sb.fhirBaseUrl, issuer: sb.issuer,
      requestedScope: scope, status: res.status, headers: headersOf(res), body: res.json, serverJwks: jwks,
    });
    expect(errors(findings)).toEqual([]);
    const at = await inspectAccessToken({ token: String(res.json.access_token), clientId: 'demo-secret-client', fhirBaseUrl: sb.fhirBaseUrl, issuer: sb.issuer, serverJwks: jwks, tokenResponse: res.json });
    expect(errors(at)).toEqual([]);
  });

  it('answers an app launch with conformant tokens, ID token and introspection', async () => {
    const scope = 'launch/patient openid fhirUser offline_access patient/*.rs';
    const redirectUri = 'http://127.0.0.1:53999/cb';
    const run = await authorize(sb, { clientId: 'demo-confidential-app', scope, redirectUri });
    const res = await postForm(sb.tokenEndpoint, { grant_type: 'authorization_code', code: run.code ?? '', redirect_uri: redirectUri, code_verifier: run.verifier },
      basicAuth('demo-confidential-app', 'demo-confidential-app-secret'));
    expect(res.status).toBe(200);
    const common = { clientId: 'demo-confidential-app', fhirBaseUrl: sb.fhirBaseUrl, issuer: sb.issuer, serverJwks: jwks };
    expect(errors(await inspectTokenResponse({ ...common, flow: 'authorization_code', requestedScope: scope, status: res.status, headers: headersOf(res), body: res.json }))).toEqual([]);
    expect(errors(await inspectAccessToken({ ...common, token: String(res.json.access_token), tokenResponse: res.json }))).toEqual([]);
    expect(errors(await inspectIdToken({ ...common, token: String(res.json.id_token), tokenResponse: res.json }))).toEqual([]);
    const intro = await postForm(sb.introspectionEndpoint, { token: String(res.json.access_token) }, basicAuth('demo-confidential-app', 'demo-confidential-app-secret'));
    expect(errors(inspectIntrospection({ clientId: 'demo-confidential-app', originalTokenResponse: res.json, status: intro.status, headers: headersOf(intro), body: intro.json }))).toEqual([]);
  });
});
