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

/** Everything not routed answers 404, as a real server would for documents it does not publish. */
function setup() {
  const http = new FakeHttpClient();
  const profiles = new MemoryProfileStore(makeProfile({ fhirBaseUrl: BASE }));
  const service = new DiscoveryService({ http, profiles, clock });
  return { http, profiles, service, notFound: () => http.on(() => true, { status: 404, statusText: 'Not Found', headers: { 'content-type': 'text/plain' }, body: 'not found' }) };
}

describe('DiscoveryService.run', () => {
  it('reads endpoints, capabilities, grants, scopes and algorithms from the smart-configuration', async () => {
    const { http, service, notFound } = setup();
    http.on(WK, { body: smartConfig });
    notFound();
    const r = await service.discover(await new MemoryProfileStore(makeProfile({ fhirBaseUrl: BASE })).get('p1'), undefined, { quick: ['tokenEndpoint'] });
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
    const { http, service, notFound } = setup();
    http.on(WK, { status: 404, statusText: 'Not Found', headers: { 'content-type': 'text/plain' }, body: 'not found' });
    http.on(MD, { headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(capabilityStatement) });
    notFound();
    const r = await service.run('p1');
    expect(r.source).toBe('capability-statement');
    expect(r.endpoints).toEqual({ authorizeEndpoint: 'https://ce.example.test/oauth/authorize', tokenEndpoint: 'https://ce.example.test/oauth/token' });
    expect(r.wellKnown.problem).toMatch(/HTTP 404/);
    expect(r.findings.map((f) => f.rule)).toContain('DISC-NOT-FOUND');
    expect(r.summary).toMatch(/CapabilityStatement/);
  });

  it('explains an HTML page instead of JSON, and reports DISC-CONTENT-TYPE', async () => {
    const { http, service, notFound } = setup();
    http.on(WK, { headers: { 'content-type': 'text/html' }, body: '<!DOCTYPE html><html><body><h1>Sign in to the portal</h1></body></html>' });
    notFound();
    const r = await service.run('p1');
    expect(r.source).toBe('none');
    expect(r.wellKnown.problem).toMatch(/HTML page .*Sign in to the portal/);
    expect(r.findings.map((f) => f.rule)).toContain('DISC-CONTENT-TYPE');
    expect(r.summary).toMatch(/^No OAuth endpoints found/);
  });

  it('explains invalid JSON', async () => {
    const { http, service, notFound } = setup();
    http.on(WK, { headers: { 'content-type': 'application/json' }, body: '{"token_endpoint": ' });
    notFound();
    const r = await service.run('p1');
    expect(r.wellKnown.problem).toMatch(/not valid JSON/);
    expect(r.findings.map((f) => f.rule)).toContain('DISC-NOT-JSON');
  });

  it('turns a timeout into a clear problem instead of throwing', async () => {
    const { http, service } = setup();
    http.on(() => true, () => { throw new AppFailure('TIMEOUT', 'No complete response from fhir.example.test within 15 s.'); });
    const r = await service.run('p1');
    expect(r.source).toBe('none');
    expect(r.wellKnown.problem).toMatch(/within 15 s/);
    expect(r.metadata?.problem).toMatch(/within 15 s/);
  });

  it('resolves relative endpoint URLs against the FHIR base', async () => {
    const { http, service, notFound } = setup();
    http.on(WK, { body: { ...smartConfig, token_endpoint: 'auth/token' } });
    notFound();
    const r = await service.run('p1');
    expect(r.endpoints.tokenEndpoint).toBe(`${BASE}/auth/token`);
  });
});

describe('DiscoveryService.apply', () => {
  it('stores the found endpoints in the profile, with the document each came from', async () => {
    const { http, profiles, service, notFound } = setup();
    http.on(WK, { body: smartConfig });
    notFound();
    await service.run('p1');
    const sent = http.sent.length;
    const { profile } = await service.apply('p1');
    expect(profile.discovered).toMatchObject({
      source: 'smart-configuration', fetchedAt: '2026-03-01T10:00:00.000Z', url: BASE, authorizeEndpoint: 'https://auth.example.test/authorize',
      tokenEndpoint: 'https://auth.example.test/token', revocationEndpoint: 'https://auth.example.test/revoke',
      jwksUri: 'https://auth.example.test/jwks', issuer: 'https://auth.example.test',
    });
    expect(profile.discovered?.sources?.['tokenEndpoint']).toBe(WK);
    expect((await profiles.get('p1')).discovered?.tokenEndpoint).toBe('https://auth.example.test/token');
    expect(http.sent).toHaveLength(sent);
  });

  it('refuses to apply when nothing was found', async () => {
    const { service, notFound } = setup();
    notFound();
    await expect(service.apply('p1')).rejects.toMatchObject({ code: 'NOT_FOUND', message: /Nothing to apply/ });
  });
});

describe('discovery from any URL: RFC 8414 and OpenID Connect metadata, merged with provenance', () => {
  const H = 'https://login.example.test';
  const ISSUER = `${H}/realms/acme`;
  const oidc = {
    issuer: ISSUER, authorization_endpoint: `${ISSUER}/protocol/openid-connect/auth`, token_endpoint: `${ISSUER}/protocol/openid-connect/token`,
    introspection_endpoint: `${ISSUER}/protocol/openid-connect/token/introspect`, revocation_endpoint: `${ISSUER}/protocol/openid-connect/revoke`,
    jwks_uri: `${ISSUER}/protocol/openid-connect/certs`, userinfo_endpoint: `${ISSUER}/protocol/openid-connect/userinfo`,
    registration_endpoint: `${ISSUER}/clients-registrations/openid-connect`, token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384'],
    grant_types_supported: ['authorization_code', 'client_credentials'],
  };

  function issuerSetup(routes: Record<string, object>) {
    const { http, profiles, service, notFound } = setup();
    for (const [url, body] of Object.entries(routes)) http.on(url, { body });
    notFound();
    return { http, profiles, service };
  }

  it('an issuer with a tenant path and no SMART configuration: both metadata forms read, merged, each endpoint with its document', async () => {
    const rfc8414 = `${H}/.well-known/oauth-authorization-server/realms/acme`;
    const oidcUrl = `${ISSUER}/.well-known/openid-configuration`;
    const { http, service } = issuerSetup({
      [rfc8414]: { ...oidc, userinfo_endpoint: undefined, revocation_endpoint: `${ISSUER}/oauth/revoke` },
      [oidcUrl]: oidc,
    });
    const r = await service.run('p1', `${ISSUER}/`);
    expect(r.url).toBe(ISSUER);
    expect(r.source).toBe('oauth-authorization-server');
    expect(r.endpoints).toMatchObject({ tokenEndpoint: oidc.token_endpoint, userinfoEndpoint: oidc.userinfo_endpoint, revocationEndpoint: `${ISSUER}/oauth/revoke`, issuer: ISSUER });
    expect(r.provenance.find((p) => p.field === 'userinfoEndpoint')?.from).toEqual({ kind: 'openid-configuration', url: oidcUrl });
    expect(r.provenance.find((p) => p.field === 'tokenEndpoint')).toMatchObject({ from: { kind: 'oauth-authorization-server', url: rfc8414 }, disagrees: false });
    expect(r.disagreements).toEqual([expect.stringMatching(/^revocation_endpoint: RFC 8414 .* says https:\/\/login\.example\.test\/realms\/acme\/oauth\/revoke, but OpenID Connect configuration .* says .*openid-connect\/revoke\.$/)]);
    expect(r.signingAlgs).toEqual(['RS384', 'ES384']);
    expect(r.documents.filter((d) => d.usable).map((d) => d.kind)).toEqual(['oauth-authorization-server', 'openid-configuration']);
    expect(r.summary).toMatch(/from the RFC 8414 authorization server metadata .* from the OpenID Connect configuration/);
    expect(r.summary).toMatch(/disagree on 1 value/);
    expect(r.issuerSearch).toBeUndefined();
    // Every form was tried once: smart-configuration, 2 RFC 8414, 2 OIDC, the CapabilityStatement.
    expect(new Set(http.sent.map((s) => s.url)).size).toBe(6);
  });

  it('a FHIR base whose CapabilityStatement names only token and authorize: the issuer is found by walking up the token endpoint (Keycloak)', async () => {
    const cs = {
      resourceType: 'CapabilityStatement', rest: [{ mode: 'server', security: { extension: [{ url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris', extension: [
        { url: 'authorize', valueUri: oidc.authorization_endpoint }, { url: 'token', valueUri: oidc.token_endpoint },
      ] }] } }],
    };
    const { http, service } = issuerSetup({ [MD]: cs, [`${ISSUER}/.well-known/openid-configuration`]: oidc });
    const r = await service.run('p1');
    expect(r.issuerSearch).toEqual({ how: 'walked-up', from: oidc.token_endpoint, tried: [`${ISSUER}/protocol/openid-connect`, `${ISSUER}/protocol`, ISSUER], found: ISSUER });
    expect(r.endpoints).toMatchObject({ tokenEndpoint: oidc.token_endpoint, introspectionEndpoint: oidc.introspection_endpoint, jwksUri: oidc.jwks_uri, registrationEndpoint: oidc.registration_endpoint });
    // The authorization server's own metadata outranks the deprecated oauth-uris; both name the same token endpoint.
    expect(r.provenance.find((p) => p.field === 'tokenEndpoint')).toMatchObject({ from: { kind: 'openid-configuration' }, others: [{ from: { kind: 'capability-statement' } }], disagrees: false });
    expect(r.documents.find((d) => d.kind === 'openid-configuration' && d.usable)?.role).toBe('issuer');
    expect(r.findings.map((f) => f.rule)).toContain('DISC-CS-OAUTH-URIS');
    // Nothing was asked of hosts the documents did not lead to.
    expect(http.sent.every((s) => s.url.startsWith(BASE) || s.url.startsWith('https://fhir.example.test/.well-known/') || s.url.startsWith(H))).toBe(true);
  });

  it('looks at the issuer a SMART configuration names when it lacks endpoints', async () => {
    const { service } = issuerSetup({
      [WK]: { ...smartConfig, issuer: ISSUER, revocation_endpoint: undefined },
      [`${H}/.well-known/oauth-authorization-server/realms/acme`]: oidc,
    });
    const r = await service.run('p1');
    expect(r.issuerSearch).toMatchObject({ how: 'named', from: ISSUER, found: ISSUER });
    expect(r.source).toBe('smart-configuration');
    expect(r.endpoints.revocationEndpoint).toBe(oidc.revocation_endpoint);
    expect(r.provenance.find((p) => p.field === 'tokenEndpoint')).toMatchObject({ value: smartConfig.token_endpoint, disagrees: true });
    expect(r.disagreements.some((d) => d.startsWith('token_endpoint: SMART configuration'))).toBe(true);
  });

  it('metadata whose issuer is not the one it was fetched for is shown but not used (RFC 8414 §3.3); the issuer it names is tried instead', async () => {
    const { service } = issuerSetup({
      [`${BASE}/.well-known/openid-configuration`]: { ...oidc, token_endpoint: 'https://evil.example.test/token' },
      [`${ISSUER}/.well-known/openid-configuration`]: oidc,
    });
    const r = await service.run('p1');
    const stray = r.documents.find((d) => d.fetch.url === `${BASE}/.well-known/openid-configuration`);
    expect(stray).toMatchObject({ usable: false, issuerProblem: expect.stringMatching(/must not be used/) });
    expect(r.endpoints.tokenEndpoint).toBe(oidc.token_endpoint);
    expect(r.issuerSearch).toMatchObject({ how: 'named', found: ISSUER });
    expect(r.provenance.find((p) => p.field === 'tokenEndpoint')?.others).toEqual([{ value: 'https://evil.example.test/token', from: { kind: 'openid-configuration', url: `${BASE}/.well-known/openid-configuration` }, usable: false }]);
  });

  it('quick mode (a token flow) reads on when the SMART configuration lacks an endpoint the flow needs', async () => {
    const { http, profiles, service } = issuerSetup({ [WK]: { token_endpoint: 'https://auth.example.test/token' }, [`${BASE}/.well-known/openid-configuration`]: { ...oidc, issuer: BASE } });
    const r = await service.discover(await profiles.get('p1'), undefined, { quick: ['tokenEndpoint', 'authorizeEndpoint'] });
    expect(r.endpoints).toMatchObject({ tokenEndpoint: 'https://auth.example.test/token', authorizeEndpoint: oidc.authorization_endpoint });
    expect(http.sent.length).toBeGreaterThan(1);
  });

  it('a URL that is not http(s) is refused in words', async () => {
    const { service } = setup();
    await expect(service.run('p1', 'ftp://h/x')).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/http\(s\)/) });
  });
});
