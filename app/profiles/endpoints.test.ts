import { describe, expect, it } from 'vitest';
import { resolveEndpoint, resolveEndpoints } from './endpoints.ts';
import { migrateStoredProfiles } from './migration.ts';
import { redirectUriFor, redirectUriToRegister } from './redirect-uri.ts';
import { Profile, ProfileInput } from './schema.ts';

const profile = (fields: Partial<Record<string, unknown>> = {}) => Profile.parse({
  name: 'p', fhirBaseUrl: 'https://fhir.example/r4', authMethod: 'client-credentials-basic', clientId: 'c', id: 'p1', createdAt: 't', updatedAt: 't', ...fields,
});

describe('which endpoint wins', () => {
  it("typed on the profile (templates resolved), else stored from discovery, else this session's discovery", () => {
    const p = profile({
      introspectionEndpoint: '{origin}/typed/introspect',
      discovered: { source: 'openid-configuration', fetchedAt: 't', introspectionEndpoint: 'https://as/stored/introspect', revocationEndpoint: 'https://as/stored/revoke' },
    });
    const session = { introspectionEndpoint: 'https://as/session/introspect', revocationEndpoint: 'https://as/session/revoke', userinfoEndpoint: 'https://as/me' };
    expect(resolveEndpoint(p, 'introspection', session)).toEqual({ url: 'https://fhir.example/typed/introspect', origin: 'profile' });
    expect(resolveEndpoint(p, 'revocation', session)).toEqual({ url: 'https://as/stored/revoke', origin: 'stored-discovery' });
    expect(resolveEndpoint(p, 'userinfo', session)).toEqual({ url: 'https://as/me', origin: 'discovery' });
    expect(resolveEndpoint(p, 'registration', session)).toBeUndefined();
    expect(resolveEndpoints(p, session)).toEqual({
      introspectionEndpoint: 'https://fhir.example/typed/introspect', revocationEndpoint: 'https://as/stored/revoke', userinfoEndpoint: 'https://as/me',
    });
  });

  it('an endpoint typed by hand is checked like any URL field', () => {
    const r = ProfileInput.safeParse({ name: 'p', fhirBaseUrl: 'https://fhir.example/r4', authMethod: 'none', registrationEndpoint: 'register' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ path: ['registrationEndpoint'] });
  });
});

describe('the redirect URI', () => {
  it('comes from the fixed port, a typed redirect URI wins, and port 0 has no single URI to register', () => {
    expect(redirectUriFor({ loopbackPort: 29170 })).toBe('http://127.0.0.1:29170/callback');
    expect(redirectUriFor({ loopbackPort: 29170, redirectUri: 'http://localhost:8765/cb' })).toBe('http://localhost:8765/cb');
    expect(redirectUriFor({ loopbackPort: 0 })).toBeUndefined();
    expect(redirectUriToRegister({ loopbackPort: 0 })).toMatchObject({ fixed: false, uri: expect.stringMatching(/any port/) });
    expect(ProfileInput.safeParse({ name: 'p', fhirBaseUrl: 'https://f/r4', authMethod: 'none', loopbackPort: 70000 }).success).toBe(false);
  });
});

describe('stored format 1', () => {
  it("gets auto-renew off, and the sandbox's profiles keep any port; anything else is left to the schema", () => {
    expect(migrateStoredProfiles([{ name: 'a' }, { name: 'b', presetId: 'sandbox-pkce' }, { name: 'c', presetId: 'epic-app', autoRenew: true }, 'junk'], 1)).toEqual([
      { name: 'a', autoRenew: false }, { name: 'b', presetId: 'sandbox-pkce', autoRenew: false, loopbackPort: 0 }, { name: 'c', presetId: 'epic-app', autoRenew: true }, 'junk',
    ]);
    expect(migrateStoredProfiles({ not: 'a list' }, 1)).toEqual({ not: 'a list' });
  });
});
