import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenHarness, type TokenHarness } from '../../testing/sandbox-token-harness.ts';

/** Discovery against the local SMART sandbox: what it publishes, and applying it to a profile. */

let h: TokenHarness;
beforeAll(async () => {
  h = await createTokenHarness();
  await h.addProfile({ id: 'sb', authMethod: 'auth-code-pkce-public', clientId: 'demo-public-app', scopes: 'openid' });
  const closedPort = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address() as { port: number }; s.close(() => resolve(port)); });
  });
  await h.addProfile({ id: 'wrong-base', fhirBaseUrl: `http://127.0.0.1:${closedPort}/fhir`, authMethod: 'auth-code-pkce-public', clientId: 'x' });
});
afterAll(async () => { await h?.stop(); });

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
    expect(logged[0]?.url).toBe(`${h.sb.fhirBaseUrl}/.well-known/smart-configuration`);
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
