import { describe, expect, it } from 'vitest';
import { authorizationServerLocations, discoveryLocations, discoveryStart, issuerCandidates, sameIssuer } from './locations.ts';
import { capabilityEndpoints, metadataEndpoints } from './metadata.ts';
import { mergeEndpoints } from './merge.ts';

describe('where the documents live', () => {
  it('an issuer with a tenant path: RFC 8414 path insertion and issuer suffix, OIDC suffix and path insertion', () => {
    expect(authorizationServerLocations('https://h.example/realms/acme/')).toEqual([
      { kind: 'oauth-authorization-server', form: 'path-insertion', url: 'https://h.example/.well-known/oauth-authorization-server/realms/acme' },
      { kind: 'oauth-authorization-server', form: 'suffix', url: 'https://h.example/realms/acme/.well-known/oauth-authorization-server' },
      { kind: 'openid-configuration', form: 'suffix', url: 'https://h.example/realms/acme/.well-known/openid-configuration' },
      { kind: 'openid-configuration', form: 'path-insertion', url: 'https://h.example/.well-known/openid-configuration/realms/acme' },
    ]);
  });

  it('a host without a path: each document once', () => {
    expect(authorizationServerLocations('https://h.example').map((l) => l.url)).toEqual([
      'https://h.example/.well-known/oauth-authorization-server', 'https://h.example/.well-known/openid-configuration',
    ]);
  });

  it('a FHIR base: SMART configuration first, the CapabilityStatement last; query and fragment dropped', () => {
    const urls = discoveryLocations('https://fhir.example/r4/tenant-9?x=1').map((l) => `${l.kind} ${l.url}`);
    expect(urls[0]).toBe('smart-configuration https://fhir.example/r4/tenant-9/.well-known/smart-configuration');
    expect(urls.at(-1)).toBe('capability-statement https://fhir.example/r4/tenant-9/metadata');
    expect(urls).toContain('oauth-authorization-server https://fhir.example/.well-known/oauth-authorization-server/r4/tenant-9');
  });

  it('a pasted document URL starts from the base or issuer it belongs to', () => {
    expect(discoveryStart('https://h.example/.well-known/oauth-authorization-server/realms/acme').base).toBe('https://h.example/realms/acme');
    expect(discoveryStart('https://h.example/realms/acme/.well-known/openid-configuration').base).toBe('https://h.example/realms/acme');
    expect(discoveryStart('https://fhir.example/r4/.well-known/smart-configuration').base).toBe('https://fhir.example/r4');
    expect(discoveryStart('https://fhir.example/r4/metadata')).toMatchObject({ base: 'https://fhir.example/r4', note: expect.stringMatching(/CapabilityStatement/) });
    expect(discoveryStart('https://fhir.example/r4/')).toEqual({ base: 'https://fhir.example/r4' });
    expect(() => discoveryStart('fhir.example/r4')).toThrow(/not an absolute URL/);
    expect(() => discoveryStart('file:///etc/passwd')).toThrow(/http\(s\)/);
  });

  it('walks up a token endpoint to the issuers it may belong to, most specific first', () => {
    expect(issuerCandidates('https://h.example/realms/x/protocol/openid-connect/token')).toEqual([
      'https://h.example/realms/x/protocol/openid-connect', 'https://h.example/realms/x/protocol', 'https://h.example/realms/x', 'https://h.example/realms', 'https://h.example',
    ]);
    expect(issuerCandidates('https://h.example/token')).toEqual(['https://h.example']);
    expect(issuerCandidates('https://h.example/a/b/c/d/e/f/g/h/token')).toHaveLength(6);
  });

  it('issuers equal up to a trailing slash', () => {
    expect(sameIssuer('https://h/realms/x/', 'https://h/realms/x')).toBe(true);
    expect(sameIssuer('https://h/realms/x', 'https://h/realms/y')).toBe(false);
    expect(sameIssuer(undefined, 'https://h')).toBe(false);
  });
});

describe('reading and merging', () => {
  it('reads the endpoints of metadata (relative ones resolved) and of oauth-uris', () => {
    expect(metadataEndpoints({ issuer: 'https://as', token_endpoint: 'oauth/token', userinfo_endpoint: 'https://as/me', jwks_uri: ' ' }, 'https://fhir/r4')).toEqual({
      issuer: 'https://as', tokenEndpoint: 'https://fhir/r4/oauth/token', userinfoEndpoint: 'https://as/me',
    });
    expect(capabilityEndpoints({ authorize: 'https://as/a', token: 'https://as/t', other: 'x' })).toEqual({ authorizeEndpoint: 'https://as/a', tokenEndpoint: 'https://as/t' });
  });

  it('takes each endpoint from the first usable document, shows where from, and says where documents disagree', () => {
    const smart = { kind: 'smart-configuration' as const, url: 'https://fhir/r4/.well-known/smart-configuration' };
    const oidc = { kind: 'openid-configuration' as const, url: 'https://as/.well-known/openid-configuration' };
    const stale = { kind: 'oauth-authorization-server' as const, url: 'https://fhir/.well-known/oauth-authorization-server/r4' };
    const cs = { kind: 'capability-statement' as const, url: 'https://fhir/r4/metadata' };
    const merged = mergeEndpoints([
      { source: smart, usable: true, endpoints: { tokenEndpoint: 'https://as/token', authorizeEndpoint: 'https://as/authorize' } },
      { source: stale, usable: false, endpoints: { revocationEndpoint: 'https://old/revoke' } },
      { source: oidc, usable: true, endpoints: { tokenEndpoint: 'https://as/token', revocationEndpoint: 'https://as/revoke', userinfoEndpoint: 'https://as/me', issuer: 'https://as' } },
      { source: cs, usable: true, endpoints: { tokenEndpoint: 'https://as/oauth2/token' } },
    ]);
    expect(merged.endpoints).toEqual({ tokenEndpoint: 'https://as/token', authorizeEndpoint: 'https://as/authorize', revocationEndpoint: 'https://as/revoke', userinfoEndpoint: 'https://as/me', issuer: 'https://as' });
    const token = merged.provenance.find((p) => p.field === 'tokenEndpoint');
    expect(token).toMatchObject({ from: smart, disagrees: true, others: [{ value: 'https://as/token', from: oidc }, { value: 'https://as/oauth2/token', from: cs }] });
    expect(merged.provenance.find((p) => p.field === 'revocationEndpoint')).toMatchObject({ from: oidc, disagrees: true });
    expect(merged.disagreements).toEqual([
      'token_endpoint: SMART configuration (https://fhir/r4/.well-known/smart-configuration) says https://as/token, but CapabilityStatement (oauth-uris) (https://fhir/r4/metadata) says https://as/oauth2/token.',
      'revocation_endpoint: OpenID Connect configuration (https://as/.well-known/openid-configuration) says https://as/revoke, but RFC 8414 authorization server metadata (https://fhir/.well-known/oauth-authorization-server/r4) says https://old/revoke (that document may not be used: its issuer does not match).',
    ]);
  });
});
