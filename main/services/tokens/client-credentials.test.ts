import { decodeJwt, decodeProtectedHeader } from 'jose';
import { beforeEach, describe, expect, it } from 'vitest';
import { AppFailure } from '../../../app/result/result.ts';
import type { ProfileInput } from '../../../app/profiles/schema.ts';
import { createFakeSigner } from '../../testing/fake-assertion-signer.ts';
import { FakeHttpClient } from '../../testing/fake-http-client.ts';
import { makeProfile, MemoryProfileStore } from '../../testing/memory-profile-store.ts';
import { DiscoveryService } from '../discovery/discovery-service.ts';
import { TokenService } from './token-service.ts';

const BASE = 'https://fhir.example.test/r4';
const TOKEN = 'https://auth.example.test/token';
const NOW = Date.parse('2026-03-01T10:00:00Z');
const tokenBody = { access_token: 'at-1', token_type: 'Bearer', expires_in: 3600, scope: 'system/*.rs' };
const okReply = { headers: { 'cache-control': 'no-store', pragma: 'no-cache' }, body: tokenBody };

async function setup(fields: Partial<ProfileInput>, secret: string | null = 's3cret', alg: 'ES384' | 'RS384' = 'ES384') {
  const http = new FakeHttpClient();
  const profiles = new MemoryProfileStore(makeProfile({ fhirBaseUrl: BASE, tokenEndpoint: TOKEN, ...fields }));
  const clock = { now: () => NOW };
  const signer = await createFakeSigner(alg);
  const events: { profileId: string }[] = [];
  const tokens = new TokenService({
    http, clock, events: { emit: (_e, p) => void events.push(p as { profileId: string }) }, profiles, discovery: new DiscoveryService({ http, profiles, clock }),
    signer, secrets: { getSecret: async () => secret ?? undefined }, browser: { opensInRenderer: true, open: async () => undefined },
  });
  return { http, tokens, signer, events };
}

const form = (body: string | undefined) => Object.fromEntries(new URLSearchParams(body ?? ''));

const jwtProfile = (assertion: Partial<NonNullable<ProfileInput['assertion']>> = {}): Partial<ProfileInput> => ({
  authMethod: 'client-credentials-jwt', clientId: 'backend-1', assertion: { keyId: 'key-1', alg: 'ES384', ...assertion },
});

describe('client_credentials with a client secret', () => {
  it('client_secret_post: sends id and secret in the form body, no Authorization header', async () => {
    const { http, tokens } = await setup({ authMethod: 'client-credentials-post' });
    http.on(TOKEN, okReply);
    const run = await tokens.start({ profileId: 'p1' });
    const [req] = http.to(TOKEN);
    expect(req?.body).toBe('grant_type=client_credentials&scope=system%2F*.rs&client_id=client-1&client_secret=s3cret');
    expect(req?.headers).toEqual({ 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' });
    expect(req).toMatchObject({ method: 'POST', purpose: 'token', profileId: 'p1', sensitiveValues: ['s3cret'] });
    expect(run.status).toBe('succeeded');
    expect(run.clientAuth).toBe('client_secret_post');
    expect(run.token).toMatchObject({ tokenType: 'Bearer', expiresAt: NOW + 3_600_000, grantedScope: 'system/*.rs', requestedScope: 'system/*.rs', hasRefreshToken: false });
    const shown = run.steps.find((s) => s.kind === 'token');
    expect(shown?.request?.body).not.toContain('s3cret');
    expect(shown?.response?.body).not.toContain('at-1');
    expect(JSON.stringify(run)).not.toContain('at-1');
    expect(run.findings.map((f) => f.rule)).toContain('TOKREQ-CLIENT-SECRET-POST');
  });

  it('client_secret_basic: form-encodes id and secret before base64 (RFC 6749 2.3.1)', async () => {
    const { http, tokens } = await setup({ authMethod: 'client-credentials-basic', clientId: 'client:1' }, 'p@ss:w%rd +x');
    http.on(TOKEN, okReply);
    const run = await tokens.start({ profileId: 'p1' });
    const [req] = http.to(TOKEN);
    expect(req?.body).toBe('grant_type=client_credentials&scope=system%2F*.rs');
    const basic = req?.headers?.['authorization'] ?? '';
    expect(basic).toBe(`Basic ${Buffer.from('client%3A1:p%40ss%3Aw%25rd+%2Bx').toString('base64')}`);
    expect(run.status).toBe('succeeded');
    expect(run.steps.find((s) => s.kind === 'token')?.request?.headers).toContainEqual({ name: 'authorization', value: 'Basic ‹redacted›' });
  });

  it('fails with SECRET_MISSING before sending anything when no secret is stored', async () => {
    const { http, tokens } = await setup({ authMethod: 'client-credentials-basic' }, null);
    const run = await tokens.start({ profileId: 'p1' });
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'SECRET_MISSING', message: expect.stringMatching(/no client secret is stored/) });
    expect(http.sent).toHaveLength(0);
  });
});

describe('client_credentials with private_key_jwt', () => {

  it('sends the assertion with SMART claims: iss=sub=client, aud=token endpoint, exp=now+lifetime, fresh jti, kid and typ', async () => {
    const { http, tokens } = await setup(jwtProfile());
    http.on(TOKEN, okReply);
    const run = await tokens.start({ profileId: 'p1' });
    await tokens.start({ profileId: 'p1' });
    const [a, b] = http.to(TOKEN).map((r) => form(r.body));
    expect(Object.keys(a ?? {})).toEqual(['grant_type', 'scope', 'client_assertion_type', 'client_assertion']);
    expect(a).toMatchObject({ grant_type: 'client_credentials', scope: 'system/*.rs', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' });
    const jwt = a?.['client_assertion'] ?? '';
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'ES384', typ: 'JWT', kid: 'test-kid' });
    const claims = decodeJwt(jwt);
    expect(claims).toEqual({ iss: 'backend-1', sub: 'backend-1', aud: TOKEN, iat: NOW / 1000, exp: NOW / 1000 + 240, jti: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(decodeJwt(b?.['client_assertion'] ?? '').jti).not.toBe(claims.jti);
    expect(http.to(TOKEN)[0]?.headers?.['authorization']).toBeUndefined();
    expect(run.status).toBe('succeeded');
    const step = run.steps.find((s) => s.kind === 'assertion');
    expect(step?.assertion?.payload).toMatchObject({ iss: 'backend-1', aud: TOKEN });
    expect(run.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(run.findings.map((f) => f.rule)).not.toContain('ASSERT-SIG-INVALID');
  });

  it('applies alg, lifetime, jku, typed extra claims and extra header fields (InteliChart style)', async () => {
    const { http, tokens } = await setup(jwtProfile({
      alg: 'RS384', lifetimeSeconds: 240, jku: 'https://app.example.test/jwks.json',
      extraClaims: [
        { name: 'jwks_url', value: 'https://app.example.test/jwks.json', type: 'string' },
        { name: 'accessTokensExpireIn', value: '5', type: 'number' },
        { name: 'flag', value: 'true', type: 'boolean' },
        { name: 'ctx', value: '{"a":[1,2]}', type: 'json' },
        { name: 'fhir', value: '{base}/x', type: 'string' },
      ],
      extraHeader: [{ name: 'x-vendor', value: 'v1' }],
    }), 's', 'RS384');
    http.on(TOKEN, okReply);
    await tokens.start({ profileId: 'p1' });
    const jwt = form(http.to(TOKEN)[0]?.body)['client_assertion'] ?? '';
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'RS384', typ: 'JWT', kid: 'test-kid', jku: 'https://app.example.test/jwks.json', 'x-vendor': 'v1' });
    expect(decodeJwt(jwt)).toMatchObject({
      exp: NOW / 1000 + 240, jwks_url: 'https://app.example.test/jwks.json', accessTokensExpireIn: 5, flag: true, ctx: { a: [1, 2] }, fhir: `${BASE}/x`,
    });
  });

  it('fails with KEY_INVALID when the profile has no key, before sending anything', async () => {
    const { http, tokens } = await setup({ authMethod: 'client-credentials-jwt', assertion: {} });
    const run = await tokens.start({ profileId: 'p1' });
    expect(run.error).toMatchObject({ code: 'KEY_INVALID', message: expect.stringMatching(/has no signing key/) });
    expect(http.sent).toHaveLength(0);
  });

  it('explains a rejected assertion (invalid_client), the explanation first', async () => {
    const { http, tokens } = await setup(jwtProfile());
    http.on(TOKEN, { status: 401, headers: { 'content-type': 'application/json' }, body: { error: 'invalid_client', error_description: 'client assertion aud must be the token endpoint URL' } });
    const run = await tokens.start({ profileId: 'p1' });
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'OAUTH_ERROR', message: expect.stringMatching(/invalid_client \(client assertion aud/) });
    expect(run.findings[0]?.rule).toBe('ERR-INVALID-CLIENT');
  });
});

describe('assertion controls', () => {
  const claimsSent = (http: FakeHttpClient, i = 0) => decodeJwt(form(http.to(TOKEN)[i]?.body)['client_assertion'] ?? '');
  const rules = (run: { findings: { rule: string }[] }) => run.findings.map((f) => f.rule);

  it('a run\'s lifetime and clock offset change exp and iat; the engine names what a server will say', async () => {
    const { http, tokens } = await setup(jwtProfile());
    http.on(TOKEN, okReply);
    const long = await tokens.start({ profileId: 'p1', assertion: { lifetimeSeconds: 3600 } });
    expect(claimsSent(http, 0)).toMatchObject({ iat: NOW / 1000, exp: NOW / 1000 + 3600 });
    expect(rules(long)).toContain('ASSERT-EXP-TOO-FAR');
    expect(long.steps.find((s) => s.kind === 'assertion')?.detail).toMatch(/valid 3600 s/);
    const late = await tokens.start({ profileId: 'p1', assertion: { clockOffsetSeconds: -600 } });
    expect(claimsSent(http, 1)).toMatchObject({ iat: NOW / 1000 - 600, exp: NOW / 1000 - 600 + 240 });
    expect(rules(late)).toContain('ASSERT-EXP-PAST');
    expect(late.steps.find((s) => s.kind === 'assertion')?.detail).toMatch(/clock offset -600 s/);
    // The profile's own settings are untouched by a run's controls.
    await tokens.start({ profileId: 'p1' });
    expect(claimsSent(http, 2)).toMatchObject({ iat: NOW / 1000, exp: NOW / 1000 + 240 });
  });

  it('reuses the previous jti on request, and the diagnosis calls it a replay', async () => {
    const { http, tokens } = await setup(jwtProfile());
    http.on(TOKEN, okReply);
    const noneYet = await tokens.start({ profileId: 'p1', assertion: { reuseJti: true } });
    expect(noneYet.error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/no earlier assertion/) });
    expect(http.sent).toHaveLength(0);
    await tokens.start({ profileId: 'p1' });
    const replay = await tokens.start({ profileId: 'p1', assertion: { reuseJti: true } });
    expect(claimsSent(http, 1).jti).toBe(claimsSent(http, 0).jti);
    expect(rules(replay)).toContain('ASSERT-JTI-REUSED');
    expect(replay.steps.find((s) => s.kind === 'assertion')?.detail).toMatch(/jti of the previous assertion reused/);
  });

  it('prepares the exact assertion the next run sends: decoded and checked first, then sent once', async () => {
    const { http, tokens } = await setup(jwtProfile());
    http.on(TOKEN, okReply);
    const prepared = await tokens.prepareAssertion('p1', { lifetimeSeconds: 900 });
    expect(http.sent).toHaveLength(0);
    expect(prepared).toMatchObject({ tokenEndpoint: TOKEN, keyId: 'key-1', controls: { lifetimeSeconds: 900 }, expiresAt: NOW + 900_000 });
    expect(prepared.header).toMatchObject({ alg: 'ES384', typ: 'JWT', kid: 'test-kid' });
    expect(prepared.findings.map((f) => f.rule)).toContain('ASSERT-EXP-TOO-FAR');
    expect((await tokens.status('p1')).preparedAssertion?.payload['jti']).toBe(prepared.payload['jti']);
    // A background renewal never takes it; a run that asks for it sends that very JWT.
    const run = await tokens.start({ profileId: 'p1', usePreparedAssertion: true });
    expect(claimsSent(http, 0)).toEqual(prepared.payload);
    expect(run.steps.find((s) => s.kind === 'assertion')?.title).toMatch(/prepared in Inspect/);
    expect(rules(run)).not.toContain('ASSERT-JTI-REUSED');
    expect((await tokens.status('p1')).preparedAssertion).toBeUndefined();
    const again = await tokens.start({ profileId: 'p1', usePreparedAssertion: true }).catch((e: unknown) => e);
    expect(again).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/No prepared assertion/) });
  });

  it('refuses to prepare for a profile without a client assertion, and for a key that does not exist', async () => {
    const { tokens: secretTokens } = await setup({ authMethod: 'client-credentials-post' });
    await expect(secretTokens.prepareAssertion('p1', {})).rejects.toMatchObject({ code: 'NOT_SUPPORTED' });
    const { http, tokens } = await setup(jwtProfile());
    await expect(tokens.prepareAssertion('p1', { keyId: 'gone' })).rejects.toMatchObject({ code: 'KEY_INVALID', message: expect.stringMatching(/key chosen for this run no longer exists/) });
    expect(http.sent).toHaveLength(0);
  });
});

describe('bad answers from the token endpoint', () => {
  let ctx: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => { ctx = await setup({ authMethod: 'client-credentials-post' }); });

  it('an HTML error page gets a clear message', async () => {
    ctx.http.on(TOKEN, { status: 404, statusText: 'Not Found', headers: { 'content-type': 'text/html' }, body: '<html><body><h1>404 Page not found</h1></body></html>' });
    const run = await ctx.tokens.start({ profileId: 'p1' });
    expect(run.error).toMatchObject({ code: 'HTTP_ERROR', message: expect.stringMatching(/HTML page \(HTTP 404 Not Found\), not JSON: "404 Page not found"\. The token endpoint URL is probably wrong/) });
    expect(run.steps.at(-1)?.status).toBe('failed');
    expect(run.findings.length).toBeGreaterThan(0);
  });

  it('a timeout gets a clear message and nothing hangs', async () => {
    ctx.http.on(TOKEN, () => { throw new AppFailure('TIMEOUT', 'No complete response from auth.example.test within 30 s.'); });
    const run = await ctx.tokens.start({ profileId: 'p1' });
    expect(run).toMatchObject({ status: 'failed', error: { code: 'TIMEOUT' } });
    expect(run.steps.at(-1)).toMatchObject({ kind: 'token', status: 'failed', detail: expect.stringMatching(/within 30 s/) });
  });

  it('reports the server clock skew from the Date header', async () => {
    ctx.http.on(TOKEN, { headers: { date: new Date(NOW + 600_000).toUTCString() }, body: tokenBody });
    const run = await ctx.tokens.start({ profileId: 'p1' });
    expect(run.clockSkewSeconds).toBe(600);
    expect(run.notes.join(' ')).toMatch(/600 s ahead of this computer/);
  });

  it('runs discovery when the profile names no token endpoint', async () => {
    const { http, tokens } = await setup({ authMethod: 'client-credentials-post', tokenEndpoint: '' });
    http.on(`${BASE}/.well-known/smart-configuration`, { body: { token_endpoint: TOKEN, grant_types_supported: ['client_credentials'], capabilities: [] } });
    http.on(TOKEN, okReply);
    const run = await tokens.start({ profileId: 'p1' });
    expect(run.steps.map((s) => s.kind)).toEqual(['discovery', 'token']);
    expect(run.status).toBe('succeeded');
  });
});

describe('curl export', () => {
  it('redacts the secret unless asked to include it', async () => {
    const { http, tokens } = await setup({ authMethod: 'client-credentials-basic' }, 'hunter22');
    http.on(TOKEN, okReply);
    await tokens.start({ profileId: 'p1' });
    const red = tokens.curl('p1', undefined, false);
    expect(red.curl).toContain(`curl -X POST '${TOKEN}'`);
    expect(red.curl).toContain("-H 'authorization: Basic ‹redacted›'");
    expect(red.curl).not.toContain(Buffer.from('client-1:hunter22').toString('base64'));
    const full = tokens.curl('p1', undefined, true);
    expect(full.curl).toContain(`-H 'authorization: Basic ${Buffer.from('client-1:hunter22').toString('base64')}'`);
    expect(full.curl).toContain("--data-raw 'grant_type=client_credentials&scope=system%2F*.rs'");
  });
});
