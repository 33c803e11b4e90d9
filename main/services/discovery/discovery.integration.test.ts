import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLIENT_IDS, DEMO_SECRETS, startSandbox, type Sandbox } from '../../sandbox/index.ts';
import { startPlainOAuthServer, type PlainOAuthServer } from '../../testing/plain-oauth-server.ts';
import { createTokenHarness, type TokenHarness } from '../../testing/sandbox-token-harness.ts';

/**
 * Discovery against real servers on loopback: the local SMART sandbox (as it is, and playing a
 * plain OAuth server without SMART discovery), and oidc-provider configured as a plain OAuth
 * server under a realm path (Keycloak's layout) behind a FHIR server that names only two endpoints.
 */

let h: TokenHarness;
let plain: PlainOAuthServer;
let oauthOnly: Sandbox;
beforeAll(async () => {
  plain = await startPlainOAuthServer();
  oauthOnly = await startSandbox({ port: 0, failures: 'no-smart-configuration,no-oauth-uris' });
  h = await createTokenHarness();
  await h.addProfile({ id: 'sb', authMethod: 'auth-code-pkce-public', clientId: 'demo-public-app', scopes: 'openid' });
  const closedPort = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address() as { port: number }; s.close(() => resolve(port)); });
  });
  await h.addProfile({ id: 'wrong-base', fhirBaseUrl: `http://127.0.0.1:${closedPort}/fhir`, authMethod: 'auth-code-pkce-public', clientId: 'x' });
});
afterAll(async () => { await h?.stop(); await plain?.stop(); await oauthOnly?.stop(); });

describe('discovery against the sandbox', () => {
  it('reads the smart-configuration: endpoints, capabilities, grants, algorithms; no errors', async () => {
    const r = await h.discovery.run('sb');
    expect(r.source).toBe('smart-configuration');
    expect(r.endpoints).toMatchObject({
      tokenEndpoint: h.sb.tokenEndpoint, authorizeEndpoint: h.sb.authorizeEndpoint, revocationEndpoint: h.sb.revocationEndpoint,
      introspectionEndpoint: h.sb.introspectionEndpoint, jwksUri: h.sb.jwksUri, issuer: h.sb.issuer,
    });
    expect(r.signingAlgs).toEqual(['RS384', 'ES384']);
    expect(r.grantTypes).toContain('client_credentials');
    expect(r.capabilities).toContain('launch-ehr');
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const logged = await h.activity.list({ profileId: 'sb', purpose: 'discovery' });
    expect(logged.map((e) => e.url)).toContain(`${h.sb.fhirBaseUrl}/.well-known/smart-configuration`);
    // The sandbox's SMART configuration names every endpoint; its CapabilityStatement agrees with it.
    expect(r.disagreements).toEqual([]);
    expect(r.provenance.find((p) => p.field === 'tokenEndpoint')?.from.kind).toBe('smart-configuration');
  });

  it('apply stores the endpoints in the profile', async () => {
    const { profile } = await h.discovery.apply('sb');
    expect(profile.discovered).toMatchObject({ source: 'smart-configuration', tokenEndpoint: h.sb.tokenEndpoint, revocationEndpoint: h.sb.revocationEndpoint });
  });

  it('an unreachable server yields plain words, not an exception', async () => {
    const r = await h.discovery.run('wrong-base');
    expect(r.source).toBe('none');
    expect(r.wellKnown.problem).toMatch(/Connection refused/);
    expect(r.findings.map((f) => f.rule)).toContain('DISC-NOT-FOUND');
  });
});

describe('a plain OAuth server (oidc-provider under /realms/acme, Keycloak paths)', () => {
  beforeAll(async () => {
    await h.addProfile({ id: 'plain', fhirBaseUrl: plain.fhirBaseUrl, authMethod: 'client-credentials-basic', clientId: plain.secretClient.clientId, scopes: 'api.read' }, plain.secretClient.clientSecret);
  });

  it('from the FHIR base: the CapabilityStatement names token and authorize; the rest is found by walking up to the realm', async () => {
    const r = await h.discovery.run('plain');
    expect(r.wellKnown.problem).toMatch(/HTTP 401|HTTP 404/);
    expect(r.issuerSearch).toMatchObject({ how: 'walked-up', from: plain.tokenEndpoint, found: plain.issuer });
    expect(r.issuerSearch?.tried.at(-1)).toBe(plain.issuer);
    expect(r.endpoints).toMatchObject({
      tokenEndpoint: plain.tokenEndpoint, authorizeEndpoint: plain.authorizeEndpoint, introspectionEndpoint: plain.introspectionEndpoint,
      revocationEndpoint: plain.revocationEndpoint, registrationEndpoint: plain.registrationEndpoint, issuer: plain.issuer,
    });
    expect(r.provenance.find((p) => p.field === 'introspectionEndpoint')?.from).toEqual({ kind: 'openid-configuration', url: `${plain.issuer}/.well-known/openid-configuration` });
    expect(r.provenance.find((p) => p.field === 'tokenEndpoint')?.others.map((o) => o.from.kind)).toEqual(['capability-statement']);
    expect(r.disagreements).toEqual([]);
  });

  it('from the issuer URL: its OpenID Connect document; then a token with the applied endpoints', async () => {
    const r = await h.discovery.run('plain', plain.issuer);
    expect(r).toMatchObject({ url: plain.issuer, source: 'openid-configuration' });
    expect(r.issuerSearch).toBeUndefined();
    expect(r.documents.find((d) => d.usable)).toMatchObject({ kind: 'openid-configuration', form: 'suffix', role: 'start' });
    // RFC 8414 path insertion and the suffix forms are not published by this server: tried, and said so.
    expect(r.documents.filter((d) => d.kind === 'oauth-authorization-server').every((d) => /HTTP 404/.test(d.fetch.problem ?? ''))).toBe(true);
    const { profile } = await h.discovery.apply('plain', plain.issuer);
    expect(profile.discovered).toMatchObject({ source: 'openid-configuration', url: plain.issuer, tokenEndpoint: plain.tokenEndpoint, introspectionEndpoint: plain.introspectionEndpoint });
    const run = await h.tokens.start({ profileId: 'plain' });
    expect(run.status, run.error?.message).toBe('succeeded');
    expect(run.steps.map((s) => s.kind)).toEqual(['token']);
  });
});

describe('the sandbox playing a plain OAuth server (failure modes no-smart-configuration, no-oauth-uris)', () => {
  beforeAll(async () => {
    await h.addProfile({ id: 'oauth-only', fhirBaseUrl: oauthOnly.fhirBaseUrl, authMethod: 'client-credentials-basic', clientId: DEMO_CLIENT_IDS.secret, scopes: 'system/Patient.rs' }, DEMO_SECRETS.secret);
  });

  it('from the FHIR base nothing names the endpoints, and the result says why for each document', async () => {
    const r = await h.discovery.run('oauth-only');
    expect(r.source).toBe('none');
    expect(r.wellKnown.problem).toMatch(/HTTP 404/);
    expect(r.metadata?.problem).toMatch(/no rest\.security oauth-uris/);
    expect(r.summary).toMatch(/^No OAuth endpoints found/);
    expect(r.findings.map((f) => f.rule)).toContain('DISC-NOT-FOUND');
  });

  it('from the issuer: RFC 8414 and OpenID Connect metadata, each endpoint with its document; the token flow works with them', async () => {
    const r = await h.discovery.run('oauth-only', oauthOnly.issuer);
    expect(r.source).toBe('oauth-authorization-server');
    expect(r.documents.filter((d) => d.usable).map((d) => `${d.kind} ${d.fetch.url}`)).toEqual([
      `oauth-authorization-server ${oauthOnly.issuer}/.well-known/oauth-authorization-server`, `openid-configuration ${oauthOnly.issuer}/.well-known/openid-configuration`,
    ]);
    expect(r.endpoints).toMatchObject({ tokenEndpoint: oauthOnly.tokenEndpoint, introspectionEndpoint: oauthOnly.introspectionEndpoint, revocationEndpoint: oauthOnly.revocationEndpoint, jwksUri: oauthOnly.jwksUri });
    expect(r.provenance.every((p) => !p.disagrees)).toBe(true);
    await h.discovery.apply('oauth-only', oauthOnly.issuer);
    const run = await h.tokens.start({ profileId: 'oauth-only' });
    expect(run.status, run.error?.message).toBe('succeeded');
  });
});
