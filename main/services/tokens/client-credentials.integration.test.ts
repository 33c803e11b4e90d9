import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLIENT_IDS, DEMO_SECRETS } from '../../sandbox/index.ts';
import { createTokenHarness, type TokenHarness } from '../../testing/sandbox-token-harness.ts';

/**
 * client_credentials against the local SMART sandbox, through the real HttpClient, activity log,
 * key service and discovery: client_secret_basic/post, private_key_jwt with ES384 and RS384
 * keys registered with the sandbox, and the failures a developer meets.
 */

let h: TokenHarness;
const keyIds: Record<'ES384' | 'RS384', string> = { ES384: '', RS384: '' };

beforeAll(async () => {
  h = await createTokenHarness({ tokenTimeoutMs: 1500 });
  await h.sb.registerClient({
    client_id: 'post-client', client_secret: 'post-client-secret-0123456789', token_endpoint_auth_method: 'client_secret_post',
    grant_types: ['client_credentials'], response_types: [], redirect_uris: [],
  });
  for (const alg of ['ES384', 'RS384'] as const) {
    const key = await h.keys.generate({ alg, name: `backend ${alg}` });
    keyIds[alg] = key.id;
    await h.sb.registerClient({
      client_id: `backend-${alg}`, token_endpoint_auth_method: 'private_key_jwt', grant_types: ['client_credentials'], response_types: [], redirect_uris: [],
      jwks: (await h.keys.getPublicJwks(key.id)) as unknown as { keys: [] },
    });
  }
  await h.addProfile({ id: 'basic', authMethod: 'client-credentials-basic', clientId: DEMO_CLIENT_IDS.secret, scopes: 'system/Patient.rs system/Observation.rs' }, DEMO_SECRETS.secret);
  await h.addProfile({ id: 'post', authMethod: 'client-credentials-post', clientId: 'post-client', scopes: 'system/Patient.rs' }, 'post-client-secret-0123456789');
  for (const alg of ['ES384', 'RS384'] as const) {
    await h.addProfile({ id: `jwt-${alg}`, authMethod: 'client-credentials-jwt', clientId: `backend-${alg}`, scopes: 'system/*.rs', assertion: { keyId: keyIds[alg], alg } });
  }
});
afterAll(async () => { await h?.stop(); });

const errors = (run: { findings: { severity: string; rule: string }[] }) => run.findings.filter((f) => f.severity === 'error').map((f) => f.rule);

describe('client_credentials with a client secret', () => {
  it('client_secret_basic: discovers the token endpoint and gets a token the FHIR API accepts', async () => {
    const run = await h.tokens.start({ profileId: 'basic' });
    expect(run.status, run.error?.message).toBe('succeeded');
    expect(run.steps.map((s) => s.kind)).toEqual(['discovery', 'token']);
    expect(run.steps[1]?.request?.url).toBe(h.sb.tokenEndpoint);
    expect(run.token).toMatchObject({ tokenType: 'Bearer', grantedScope: 'system/Patient.rs system/Observation.rs', accessTokenFormat: 'jwt' });
    expect(errors(run)).toEqual([]);
    const res = await h.tokens.withToken('basic', (t) => fetch(`${h.sb.fhirBaseUrl}/Patient?_count=1`, { headers: { authorization: `Bearer ${t.accessToken}` } }));
    expect(res.status).toBe(200);
  });

  it('client_secret_post: id and secret in the body', async () => {
    const run = await h.tokens.start({ profileId: 'post' });
    expect(run.status, run.error?.message).toBe('succeeded');
    expect(run.steps.at(-1)?.request?.body).toMatch(/client_id=post-client&client_secret=‹redacted›/);
  });

  it('a wrong secret is refused and explained', async () => {
    await h.addProfile({ id: 'bad-secret', authMethod: 'client-credentials-basic', clientId: DEMO_CLIENT_IDS.secret, scopes: 'system/Patient.rs' }, 'not-the-secret');
    const run = await h.tokens.start({ profileId: 'bad-secret' });
    expect(run).toMatchObject({ status: 'failed', error: { code: 'OAUTH_ERROR', message: expect.stringMatching(/invalid_client/) } });
    expect(run.findings[0]?.rule).toBe('ERR-INVALID-CLIENT');
  });
});

describe('client_credentials with private_key_jwt (SMART Backend Services)', () => {
  for (const alg of ['ES384', 'RS384'] as const) {
    it(`${alg}: the sandbox accepts the assertion; the engine finds nothing wrong`, async () => {
      const run = await h.tokens.start({ profileId: `jwt-${alg}` });
      expect(run.status, run.error?.message).toBe('succeeded');
      const assertion = run.steps.find((s) => s.kind === 'assertion');
      expect(assertion?.assertion?.header).toMatchObject({ alg, typ: 'JWT', kid: expect.any(String) });
      expect(assertion?.assertion?.payload).toMatchObject({ iss: `backend-${alg}`, sub: `backend-${alg}`, aud: h.sb.tokenEndpoint });
      expect(errors(run)).toEqual([]);
      expect(decodeJwt(h.tokens.reveal(`jwt-${alg}`, 'access_token').value)).toMatchObject({ aud: h.sb.fhirBaseUrl, scope: 'system/*.rs' });
    });
  }

  it('a wrong aud is rejected by the sandbox and diagnosed as ASSERT-AUD', async () => {
    await h.addProfile({
      id: 'wrong-aud', authMethod: 'client-credentials-jwt', clientId: 'backend-ES384', scopes: 'system/*.rs',
      assertion: { keyId: keyIds.ES384, alg: 'ES384', extraClaims: [{ name: 'aud', value: '{base}', type: 'string' }] },
    });
    const run = await h.tokens.start({ profileId: 'wrong-aud' });
    expect(run).toMatchObject({ status: 'failed', error: { code: 'OAUTH_ERROR', message: expect.stringMatching(/invalid_client/) } });
    // The sandbox answers invalid_client; what was sent explains it, so the aud heads the diagnosis.
    expect(run.diagnosis?.headline?.rule).toBe('ASSERT-AUD');
    expect(run.diagnosis?.causes.map((f) => f.rule).slice(0, 2)).toEqual(['ASSERT-AUD', 'ERR-INVALID-CLIENT']);
    expect(run.findings[0]).toEqual(run.diagnosis?.headline);
    expect(run.diagnosis?.headline?.message).toContain(h.sb.fhirBaseUrl);
  });

  it('assertion controls: a long-lived, an expired and a replayed assertion are each refused by the sandbox, and diagnosed', async () => {
    const long = await h.tokens.start({ profileId: 'jwt-ES384', assertion: { lifetimeSeconds: 3600 } });
    expect(long).toMatchObject({ status: 'failed', error: { code: 'OAUTH_ERROR', message: expect.stringMatching(/invalid_client/) } });
    expect(long.findings.slice(0, 3).map((f) => f.rule)).toContain('ASSERT-EXP-TOO-FAR');
    const expired = await h.tokens.start({ profileId: 'jwt-ES384', assertion: { clockOffsetSeconds: -900 } });
    expect(expired).toMatchObject({ status: 'failed', error: { code: 'OAUTH_ERROR', message: expect.stringMatching(/invalid_client/) } });
    expect(expired.findings.slice(0, 3).map((f) => f.rule)).toContain('ASSERT-EXP-PAST');
    const fine = await h.tokens.start({ profileId: 'jwt-ES384' });
    expect(fine.status, fine.error?.message).toBe('succeeded');
    const replay = await h.tokens.start({ profileId: 'jwt-ES384', assertion: { reuseJti: true } });
    expect(replay).toMatchObject({ status: 'failed', error: { code: 'OAUTH_ERROR', message: expect.stringMatching(/invalid_client/) } });
    expect(replay.findings.slice(0, 3).map((f) => f.rule)).toContain('ASSERT-JTI-REUSED');
  });

  it('a prepared assertion is what the sandbox receives', async () => {
    const prepared = await h.tokens.prepareAssertion('jwt-RS384', { lifetimeSeconds: 120 });
    expect(prepared.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const run = await h.tokens.start({ profileId: 'jwt-RS384', usePreparedAssertion: true });
    expect(run.status, run.error?.message).toBe('succeeded');
    expect(run.steps.find((s) => s.kind === 'assertion')?.assertion?.payload).toEqual(prepared.payload);
  });

  it('an assertion signed with an unregistered key is rejected, and the kid is checked against the key set the server holds', async () => {
    // Issue 14: ASSERT-KID-UNKNOWN compared the kid with the app's own key only (which always
    // matches), so this headlined a bare ERR-INVALID-CLIENT; main's code had that expectation here.
    const other = await h.keys.generate({ alg: 'ES384', name: 'unregistered' });
    await h.addProfile({ id: 'other-key', authMethod: 'client-credentials-jwt', clientId: 'backend-ES384', scopes: 'system/*.rs', assertion: { keyId: other.id, alg: 'ES384' } });
    const run = await h.tokens.start({ profileId: 'other-key' });
    expect(run).toMatchObject({ status: 'failed', error: { code: 'OAUTH_ERROR' } });
    expect(run.diagnosis?.headline?.rule).toBe('ASSERT-KID-UNKNOWN');
    expect(run.diagnosis?.causes.map((f) => f.rule)).toContain('ERR-INVALID-CLIENT');
    expect(run.findings[0]).toEqual(run.diagnosis?.headline);
    // The activity log entry of the token request shows the same headline.
    const logged = await h.activity.list({ profileId: 'other-key' });
    expect(logged.find((e) => e.purpose === 'token')?.headline?.rule).toBe('ASSERT-KID-UNKNOWN');
  });
});

describe('bad answers', () => {
  it('an HTML page from the "token endpoint" gets a clear message and lands in the activity log', async () => {
    await h.addProfile({ id: 'html', authMethod: 'client-credentials-basic', clientId: DEMO_CLIENT_IDS.secret, scopes: 'system/Patient.rs', tokenEndpoint: '{origin}/sandbox/ehr' }, DEMO_SECRETS.secret);
    const run = await h.tokens.start({ profileId: 'html' });
    expect(run).toMatchObject({ status: 'failed', error: { code: 'HTTP_ERROR', message: expect.stringMatching(/answered with an HTML page \(HTTP 400/) } });
    const logged = await h.activity.list({ profileId: 'html' });
    expect(logged[0]).toMatchObject({ purpose: 'token', status: 400, url: `${h.sb.origin}/sandbox/ehr` });
  });

  it('a stalled token endpoint times out instead of hanging', async () => {
    await h.addProfile({ id: 'slow', authMethod: 'client-credentials-basic', clientId: DEMO_CLIENT_IDS.secret, scopes: 'system/Patient.rs', tokenEndpoint: `${h.sb.tokenEndpoint}?sandbox_fail=slow=4000` }, DEMO_SECRETS.secret);
    const t0 = Date.now();
    const run = await h.tokens.start({ profileId: 'slow' });
    expect(Date.now() - t0).toBeLessThan(3500);
    expect(run).toMatchObject({ status: 'failed', error: { code: 'TIMEOUT', message: expect.stringMatching(/No complete response .* within 1\.5 s/) } });
    const logged = await h.activity.list({ profileId: 'slow' });
    expect(logged[0]?.error?.code).toBe('TIMEOUT');
  });

  it('reports a skewed server clock from the Date header', async () => {
    await h.addProfile({ id: 'skew', authMethod: 'client-credentials-basic', clientId: DEMO_CLIENT_IDS.secret, scopes: 'system/Patient.rs', tokenEndpoint: `${h.sb.tokenEndpoint}?sandbox_fail=clock-skew=-900` }, DEMO_SECRETS.secret);
    const run = await h.tokens.start({ profileId: 'skew' });
    expect(run.status).toBe('succeeded');
    expect(Math.abs((run.clockSkewSeconds ?? 0) + 900)).toBeLessThanOrEqual(2);
    expect(run.notes.join(' ')).toMatch(/behind this computer/);
  });

  it('a missing secret says where to enter it', async () => {
    await h.addProfile({ id: 'no-secret', authMethod: 'client-credentials-post', clientId: 'post-client', scopes: 'system/Patient.rs' });
    const run = await h.tokens.start({ profileId: 'no-secret' });
    expect(run.error).toMatchObject({ code: 'SECRET_MISSING', message: expect.stringMatching(/Profiles > Edit > Client secret/) });
  });
});

describe('token lifecycle against the sandbox', () => {
  it('withToken retries once with a fresh token after the FHIR API answers 401', async () => {
    await h.tokens.getAccessToken('basic', { forceNew: true });
    const revoked = h.tokens.reveal('basic', 'access_token').value;
    const res = await fetch(h.sb.revocationEndpoint, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${DEMO_CLIENT_IDS.secret}:${DEMO_SECRETS.secret}`).toString('base64')}` },
      body: new URLSearchParams({ token: revoked }).toString(),
    });
    expect(res.status).toBe(200);
    const used: string[] = [];
    const out = await h.tokens.withToken('basic', async (t) => {
      used.push(t.accessToken);
      return fetch(`${h.sb.fhirBaseUrl}/Patient?_count=1`, { headers: { authorization: `Bearer ${t.accessToken}` } });
    });
    expect(out.status).toBe(200);
    expect(used).toHaveLength(2);
    expect(used[0]).toBe(revoked);
    expect(used[1]).not.toBe(revoked);
  });

  it('tokens:revoke revokes at the advertised endpoint; the FHIR API then refuses the token', async () => {
    await h.tokens.start({ profileId: 'basic' });
    const token = h.tokens.reveal('basic', 'access_token').value;
    const result = await h.tokens.revoke('basic', 'all');
    expect(result.revoked).toEqual(['access_token']);
    expect(result.steps.at(-1)?.request?.url).toBe(h.sb.revocationEndpoint);
    const after = await fetch(`${h.sb.fhirBaseUrl}/Patient?_count=1`, { headers: { authorization: `Bearer ${token}` } });
    expect(after.status).toBe(401);
    expect((await h.tokens.status('basic')).token).toBeUndefined();
  });
});
