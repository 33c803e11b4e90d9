import { describe, expect, it } from 'vitest';
import type { ProfileInput } from '../../../app/profiles/schema.ts';
import { createFakeSigner } from '../../testing/fake-assertion-signer.ts';
import { FakeHttpClient, type FakeReply } from '../../testing/fake-http-client.ts';
import { makeProfile, MemoryProfileStore } from '../../testing/memory-profile-store.ts';
import { DiscoveryService } from '../discovery/discovery-service.ts';
import { TokenService } from './token-service.ts';

/**
 * The diagnosis a token run and a revocation carry (issue 14): main ranks with diagnose(), the
 * run's headline is the likeliest cause, and run.findings come in that order. The answers are
 * those of real servers (test/servers/recorded names the sources).
 *
 * Each of these failed on main's code (run.diagnosis did not exist; the renderer picked "the
 * first non-info ERR-* finding"), checked by running this file against a checkout of main.
 */

const BASE = 'https://fhir.example.test/r4';
const TOKEN = 'https://auth.example.test/token';
const REVOKE = 'https://auth.example.test/revoke';
const NOW = Date.parse('2026-03-01T10:00:00Z');

async function setup(fields: Partial<ProfileInput>, token: FakeReply) {
  const http = new FakeHttpClient();
  http.on(TOKEN, token);
  const profiles = new MemoryProfileStore(makeProfile({
    fhirBaseUrl: BASE, tokenEndpoint: TOKEN,
    discovered: { source: 'smart-configuration', fetchedAt: '2026-03-01T09:00:00Z', tokenEndpoint: TOKEN, revocationEndpoint: REVOKE }, ...fields,
  }));
  const clock = { now: () => NOW };
  const tokens = new TokenService({
    http, clock, events: { emit: () => undefined }, profiles, discovery: new DiscoveryService({ http, profiles, clock }),
    signer: await createFakeSigner('ES384'), secrets: { getSecret: async () => 's3cret' }, browser: { opensInRenderer: true, open: async () => undefined },
  });
  return { http, tokens };
}

const jwtProfile = (claims: { name: string; value: string; type: 'string' }[] = []): Partial<ProfileInput> => ({
  authMethod: 'client-credentials-jwt', clientId: 'backend-1', assertion: { keyId: 'key-1', alg: 'ES384', extraClaims: claims },
});

describe('token runs: the server\'s code heads, not a remark on its form', () => {
  it('invalid_scope answered with 401 (smart-launcher-v2): ERR-INVALID-SCOPE heads, ERR-STATUS-MISMATCH is no cause', async () => {
    // smart-on-fhir/smart-launcher-v2 backend/routes/auth/token.ts answers invalid_scope with 401.
    const { tokens } = await setup(jwtProfile(), { status: 401, body: { error: 'invalid_scope', error_description: 'Invalid scope(s) "patient/*.read" requested. Only system scopes are allowed.' } });
    const run = await tokens.start({ profileId: 'p1' });
    expect(run.status).toBe('failed');
    // main's code: the registry's ERR-* codes are info, so the renderer's "first non-info ERR-*"
    // was ERR-STATUS-MISMATCH; and the error answer was checked as a token response.
    expect(run.findings.map((f) => f.rule)).not.toContain('TOKRESP-ACCESS-TOKEN');
    expect(run.findings[0]?.rule).toBe('ERR-INVALID-SCOPE');
    expect(run.diagnosis?.headline?.rule).toBe('ERR-INVALID-SCOPE');
    expect(run.findings[0]).toEqual(run.diagnosis?.headline);
    expect(run.diagnosis?.causes.map((f) => f.rule)).not.toContain('ERR-STATUS-MISMATCH');
    expect(run.findings.map((f) => f.rule)).toContain('ERR-STATUS-MISMATCH');
  });

  it('a wrong client secret answered 400 invalid_client: ERR-INVALID-CLIENT heads', async () => {
    const { tokens } = await setup({ authMethod: 'client-credentials-basic' }, { status: 400, body: { error: 'invalid_client', error_description: 'Invalid client credentials' } });
    const run = await tokens.start({ profileId: 'p1' });
    expect(run.findings.map((f) => f.rule)).not.toContain('TOKRESP-ACCESS-TOKEN');
    expect(run.findings[0]?.rule).toBe('ERR-INVALID-CLIENT');
    expect(run.diagnosis?.headline?.rule).toBe('ERR-INVALID-CLIENT');
  });
});

describe('token runs: what was sent explains the code', () => {
  it('invalid_grant for an assertion addressed to the wrong audience: ASSERT-AUD heads, invalid_grant second', async () => {
    const { tokens } = await setup(jwtProfile([{ name: 'aud', value: '{base}', type: 'string' }]), { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid token \'aud\' value' } });
    const run = await tokens.start({ profileId: 'p1' });
    expect(run.findings[0]?.rule).toBe('ASSERT-AUD');
    expect(run.diagnosis?.headline?.rule).toBe('ASSERT-AUD');
    expect(run.diagnosis?.causes.map((f) => f.rule).slice(0, 2)).toEqual(['ASSERT-AUD', 'ERR-INVALID-GRANT']);
    expect(run.diagnosis?.headline?.message).toContain(BASE);
  });
});

describe('revocation is explained at the revocation endpoint', () => {
  it('unsupported_token_type: ERR-UNSUPPORTED-TOKEN-TYPE heads, not a token-endpoint invalid_client', async () => {
    const { http, tokens } = await setup({ authMethod: 'client-credentials-basic' }, { body: { access_token: 'at-1', token_type: 'Bearer', expires_in: 300, scope: 'system/*.rs' } });
    // RFC 7009 §2.2.1; oidc-provider answers this for a token type it does not revoke.
    http.on(REVOKE, { status: 400, body: { error: 'unsupported_token_type', error_description: 'revocation of the supplied token type is not supported' } });
    await tokens.start({ profileId: 'p1' });
    const result = await tokens.revoke('p1', 'all');
    expect(result.revoked).toEqual([]);
    // main's code read it as a token endpoint's answer: ERR-INVALID-REQUEST "token endpoint answered ...".
    expect(result.findings[0]?.rule).toBe('ERR-UNSUPPORTED-TOKEN-TYPE');
    expect(result.findings.map((f) => f.message).join(' ')).not.toMatch(/token endpoint answered/);
    expect(result.diagnosis?.headline?.rule).toBe('ERR-UNSUPPORTED-TOKEN-TYPE');
    expect(result.diagnosis?.causes.map((f) => f.rule)).not.toContain('ERR-INVALID-CLIENT');
    expect(result.diagnosis?.headline?.message).toContain('revocation endpoint');
    expect(JSON.stringify(result)).not.toContain('at-1');
  });
});

describe('decoded tokens: claims named like secrets are masked (issue 14)', () => {
  it('a client_secret a peer embedded in its access token never reaches the run or the token card', async () => {
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const at = `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc({ iss: 'https://auth.example.test', sub: 'client-1', exp: NOW / 1000 + 300, client_secret: 'peer-embedded-s3cret', ext: { password: 'hunter2' } })}.c2ln`;
    const { tokens } = await setup({ authMethod: 'client-credentials-basic' }, { headers: { 'cache-control': 'no-store', pragma: 'no-cache' }, body: { access_token: at, token_type: 'Bearer', expires_in: 300, scope: 'system/*.rs' } });
    const run = await tokens.start({ profileId: 'p1' });
    expect(run.status).toBe('succeeded');
    expect(run.token?.accessTokenClaims).toMatchObject({ sub: 'client-1', client_secret: '‹redacted›', ext: { password: '‹redacted›' } });
    expect(run.token?.hiddenClaims).toEqual(['access_token.client_secret', 'access_token.ext.password']);
    expect(JSON.stringify(run)).not.toMatch(/peer-embedded-s3cret|hunter2/);
    expect(JSON.stringify(await tokens.status('p1'))).not.toMatch(/peer-embedded-s3cret|hunter2/);
  });
});
