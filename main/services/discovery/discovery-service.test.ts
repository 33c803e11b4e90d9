import { describe, expect, it } from 'vitest';
import { AppFailure } from '../../../app/result/result.ts';
import { FakeHttpClient } from '../../testing/fake-http-client.ts';
import { makeProfile, MemoryProfileStore } from '../../testing/memory-profile-store.ts';
import { DiscoveryService } from './discovery-service.ts';

const BASE = 'https://fhir.example.test/r4';
const WK = `${BASE}/.well-known/smart-configuration`;
const MD = `${BASE}/metadata`;
const NOW = Date.parse('2026-03-01T10:00:00Z');
const clock = { now: () => NOW };

const smartConfig = {
  issuer: 'https://auth.example.test', jwks_uri: 'https://auth.example.test/jwks',
  authorization_endpoint: 'https://auth.example.test/authorize', token_endpoint: 'https://auth.example.test/token',
  revocation_endpoint: 'https://auth.example.test/revoke', grant_types_supported: ['authorization_code', 'client_credentials'],
  token_endpoint_auth_methods_supported: ['private_key_jwt'], token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384'],
  scopes_supported: ['system/*.rs', 'openid'], response_types_supported: ['code'], code_challenge_methods_supported: ['S256'],
  capabilities: ['launch-standalone', 'client-confidential-asymmetric', 'sso-openid-connect'],
};

const capabilityStatement = {
  resourceType: 'CapabilityStatement', status: 'active', kind: 'instance', fhirVersion: '4.0.1',
  rest: [{
    mode: 'server',
    security: {
      service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' }] }],
      extension: [{
        url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
        extension: [{ url: 'authorize', valueUri: 'https://ce.example.test/oauth/authorize' }, { url: 'token', valueUri: 'https://ce.example.test/oauth/token' }],
      }],
    },
  }],
};

function setup() {
  const http = new FakeHttpClient();
  const profiles = new MemoryProfileStore(makeProfile({ fhirBaseUrl: BASE }));
  return { http, profiles, service: new DiscoveryService({ http, profiles, clock }) };
}

describe('DiscoveryService.run', () => {
  it('reads endpoints, capabilities, grants, scopes and algorithms from the smart-configuration', async () => {
    const { http, service } = setup();
    http.on(WK, { body: smartConfig });
    const r = await service.run('p1');
    expect(r.source).toBe('smart-configuration');
    expect(r.endpoints).toEqual({
      authorizeEndpoint: 'https://auth.example.test/authorize', tokenEndpoint: 'https://auth.example.test/token',
      revocationEndpoint: 'https://auth.example.test/revoke', jwksUri: 'https://auth.example.test/jwks', issuer: 'https://auth.example.test',
    });
    expect(r.grantTypes).toEqual(['authorization_code', 'client_credentials']);
    expect(r.signingAlgs).toEqual(['RS384', 'ES384']);
    expect(r.scopesSupported).toEqual(['system/*.rs', 'openid']);
    expect(r.capabilities).toContain('sso-openid-connect');
    expect(r.metadata).toBeUndefined();
    expect(http.sent.map((s) => s.url)).toEqual([WK]);
    expect(http.sent[0]).toMatchObject({ method: 'GET', purpose: 'discovery', profileId: 'p1', followRedirects: true });
    expect(r.fetchedAt).toBe('2026-03-01T10:00:00.000Z');
  });

  it('falls back to the CapabilityStatement oauth-uris extension when the well-known document is 404', async () => {
    const { http, service } = setup();
    http.on(WK, { status: 404, statusText: 'Not Found', headers: { 'content-type': 'text/plain' }, body: 'not found' });
    http.on(MD, { headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(capabilityStatement) });
    const r = await service.run('p1');
    expect(r.source).toBe('capability-statement');
    expect(r.endpoints).toEqual({ authorizeEndpoint: 'https://ce.example.test/oauth/authorize', tokenEndpoint: 'https://ce.example.test/oauth/token' });
    expect(r.wellKnown.problem).toMatch(/HTTP 404/);
    expect(r.findings.map((f) => f.rule)).toContain('DISC-NOT-FOUND');
    expect(r.summary).toMatch(/CapabilityStatement/);
  });

  it('explains an HTML page instead of JSON, and reports DISC-CONTENT-TYPE', async () => {
    const { http, service } = setup();
    http.on(WK, { headers: { 'content-type': 'text/html' }, body: '<!DOCTYPE html><html><body><h1>Sign in to the portal</h1></body></html>' });
    http.on(MD, { status: 404, body: '' });
    const r = await service.run('p1');
    expect(r.source).toBe('none');
    expect(r.wellKnown.problem).toMatch(/HTML page .*Sign in to the portal/);
    expect(r.findings.map((f) => f.rule)).toContain('DISC-CONTENT-TYPE');
    expect(r.summary).toMatch(/^No OAuth endpoints found/);
  });

  it('explains invalid JSON', async () => {
    const { http, service } = setup();
    http.on(WK, { headers: { 'content-type': 'application/json' }, body: '{"token_endpoint": ' });
    http.on(MD, { status: 404, body: '' });
    const r = await service.run('p1');
    expect(r.wellKnown.problem).toMatch(/not valid JSON/);
    expect(r.findings.map((f) => f.rule)).toContain('DISC-NOT-JSON');
  });

  it('turns a timeout into a clear problem instead of throwing', async () => {
    const { http, service } = setup();
    http.on(WK, () => { throw new AppFailure('TIMEOUT', 'No complete response from fhir.example.test within 15 s.'); });
    http.on(MD, () => { throw new AppFailure('TIMEOUT', 'No complete response from fhir.example.test within 15 s.'); });
    const r = await service.run('p1');
    expect(r.source).toBe('none');
    expect(r.wellKnown.problem).toMatch(/within 15 s/);
    expect(r.metadata?.problem).toMatch(/within 15 s/);
  });

  it('resolves relative endpoint URLs against the FHIR base', async () => {
    const { http, service } = setup();
    http.on(WK, { body: { ...smartConfig, token_endpoint: 'auth/token' } });
    const r = await service.run('p1');
    expect(r.endpoints.tokenEndpoint).toBe(`${BASE}/auth/token`);
  });
});

describe('DiscoveryService.apply', () => {
  it('stores the found endpoints in the profile', async () => {
    const { http, profiles, service } = setup();
    http.on(WK, { body: smartConfig });
    await service.run('p1');
    const { profile } = await service.apply('p1');
    expect(profile.discovered).toEqual({
      source: 'smart-configuration', fetchedAt: '2026-03-01T10:00:00.000Z', authorizeEndpoint: 'https://auth.example.test/authorize',
      tokenEndpoint: 'https://auth.example.test/token', revocationEndpoint: 'https://auth.example.test/revoke',
      jwksUri: 'https://auth.example.test/jwks', issuer: 'https://auth.example.test',
    });
    expect((await profiles.get('p1')).discovered?.tokenEndpoint).toBe('https://auth.example.test/token');
    expect(http.sent).toHaveLength(1);
  });

  it('refuses to apply when nothing was found', async () => {
    const { http, service } = setup();
    http.on(WK, { status: 404, body: '' });
    http.on(MD, { status: 404, body: '' });
    await expect(service.apply('p1')).rejects.toMatchObject({ code: 'NOT_FOUND', message: /Nothing to apply/ });
  });
});
