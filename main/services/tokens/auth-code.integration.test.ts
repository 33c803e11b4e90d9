import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLIENT_IDS, DEMO_SECRETS } from '../../sandbox/index.ts';
import { createTokenHarness, type TokenHarness } from '../../testing/sandbox-token-harness.ts';

/**
 * Authorization code + PKCE against the local SMART sandbox: the token service opens the
 * "browser" (a fetch-driven stand-in that fills the sandbox's login, patient and consent forms),
 * receives the code on its loopback listener and exchanges it; then EHR launch, refresh, revoke.
 */

let h: TokenHarness;
const APP_SCOPES = 'launch/patient openid fhirUser patient/*.rs offline_access';

beforeAll(async () => {
  h = await createTokenHarness();
  await h.sb.registerClient({
    client_id: 'post-app', client_secret: 'post-app-secret-0123456789', client_name: 'Post app', application_type: 'native',
    token_endpoint_auth_method: 'client_secret_post', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
    redirect_uris: ['http://127.0.0.1/callback'], sandbox_loopback_redirects: true,
  });
  await h.addProfile({ id: 'public', authMethod: 'auth-code-pkce-public', clientId: DEMO_CLIENT_IDS.publicApp, scopes: APP_SCOPES });
  await h.addProfile({ id: 'basic', authMethod: 'auth-code-confidential-basic', clientId: DEMO_CLIENT_IDS.confidentialApp, scopes: APP_SCOPES }, DEMO_SECRETS.confidentialApp);
  await h.addProfile({ id: 'post', authMethod: 'auth-code-confidential-post', clientId: 'post-app', scopes: 'launch/patient openid fhirUser patient/Patient.rs' }, 'post-app-secret-0123456789');
  // A confidential asymmetric app (SMART App Launch 2.x): its key registered as a JWKS, as the sandbox's demo-asymmetric-app is.
  const key = await h.keys.generate({ alg: 'ES384', name: 'asymmetric app' });
  await h.sb.registerClient({
    client_id: 'jwt-app', client_name: 'Asymmetric app', application_type: 'native', token_endpoint_auth_method: 'private_key_jwt',
    grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], redirect_uris: ['http://127.0.0.1/callback'], sandbox_loopback_redirects: true,
    jwks: (await h.keys.getPublicJwks(key.id)) as unknown as { keys: [] },
  });
  await h.addProfile({ id: 'jwt', authMethod: 'auth-code-confidential-jwt', clientId: 'jwt-app', scopes: APP_SCOPES, assertion: { keyId: key.id, alg: 'ES384' } });
});
afterAll(async () => { await h?.stop(); });

async function signIn(profileId: string, opts: { launch?: string; scope?: string } = {}) {
  const started = await h.tokens.start({ profileId, ...opts });
  expect(started.status, started.error?.message).toBe('awaiting-browser');
  const visit = await h.visits.at(-1);
  const run = await h.tokens.awaitRun(started.id, 15_000);
  return { started, visit, run };
}

const errors = (run: { findings: { severity: string; rule: string; message: string }[] }) => run.findings.filter((f) => f.severity === 'error').map((f) => `${f.rule}: ${f.message}`);

describe('standalone launch', () => {
  it('public client: login, patient picker, consent, loopback redirect, code exchange, launch context', async () => {
    h.script = { patient: 'chloe-chen' };
    const { started, visit, run } = await signIn('public');
    expect(new URL(started.browser?.authorizeUrl ?? '').searchParams.get('aud')).toBe(h.sb.fhirBaseUrl);
    expect(visit?.titles).toEqual(['Sign in to the FHIR sandbox', 'Select a patient', 'Authorize access']);
    expect(visit?.finalStatus).toBe(200);
    expect(visit?.finalPage).toContain('You can close this tab');
    expect(run.status, run.error?.message).toBe('succeeded');
    expect(run.steps.map((s) => s.kind)).toEqual(['discovery', 'authorize', 'callback', 'token', 'jwks']);
    expect(run.token?.launchContext).toMatchObject({ patient: 'chloe-chen', needPatientBanner: true, fhirUser: `${h.sb.fhirBaseUrl}/Practitioner/practitioner-alex-smart` });
    expect(run.token?.hasRefreshToken).toBe(true);
    expect(run.token?.idTokenClaims?.['fhirUser']).toBe(`${h.sb.fhirBaseUrl}/Practitioner/practitioner-alex-smart`);
    expect(errors(run)).toEqual([]);
    const body = new URLSearchParams(h.tokens.curl('public', run.id, true).curl.match(/--data-raw '([^']*)'/)?.[1] ?? '');
    expect(body.get('grant_type')).toBe('authorization_code');
    expect(body.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('confidential client with client_secret_basic', async () => {
    const { run } = await signIn('basic');
    expect(run.status, run.error?.message).toBe('succeeded');
    expect(run.steps.find((s) => s.kind === 'token')?.request?.headers).toContainEqual({ name: 'authorization', value: 'Basic ‹redacted›' });
  });

  it('confidential client with client_secret_post', async () => {
    const { run } = await signIn('post');
    expect(run.status, run.error?.message).toBe('succeeded');
    expect(run.steps.find((s) => s.kind === 'token')?.request?.body).toMatch(/client_secret=‹redacted›/);
  });

  it('confidential asymmetric client: private_key_jwt at the code exchange and again at refresh', async () => {
    const { run } = await signIn('jwt');
    expect(run.status, run.error?.message).toBe('succeeded');
    expect(run.clientAuth).toBe('private_key_jwt');
    expect(run.steps.map((s) => s.kind)).toEqual(['discovery', 'authorize', 'callback', 'assertion', 'token', 'jwks']);
    const exchange = new URLSearchParams(h.tokens.curl('jwt', run.id, true).curl.match(/--data-raw '([^']*)'/)?.[1] ?? '');
    expect(exchange.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    expect(exchange.get('client_secret')).toBeNull();
    const first = run.steps.find((s) => s.kind === 'assertion')?.assertion?.payload;
    expect(first).toMatchObject({ iss: 'jwt-app', sub: 'jwt-app', aud: h.sb.tokenEndpoint });
    expect(errors(run)).toEqual([]);

    const refreshed = await h.tokens.refresh('jwt');
    expect(refreshed.status, refreshed.error?.message).toBe('succeeded');
    expect(refreshed.flow).toBe('refresh_token');
    const second = refreshed.steps.find((s) => s.kind === 'assertion')?.assertion?.payload;
    expect(second).toMatchObject({ iss: 'jwt-app', aud: h.sb.tokenEndpoint });
    expect(second?.['jti']).not.toBe(first?.['jti']);
    expect(refreshed.steps.find((s) => s.kind === 'token')?.request?.body).toMatch(/grant_type=refresh_token&refresh_token=‹redacted›&client_assertion_type=/);
    expect(errors(refreshed)).toEqual([]);
    // A refresh whose assertion replays the previous jti is refused by the sandbox, and called a replay.
    const replay = await h.tokens.refresh('jwt', { assertion: { reuseJti: true } });
    expect(replay).toMatchObject({ status: 'failed', error: { code: 'OAUTH_ERROR', message: expect.stringMatching(/invalid_client/) } });
    expect(replay.findings.map((f) => f.rule)).toContain('ASSERT-JTI-REUSED');
  });

  it('the user denies consent: the run fails with the explained access_denied', async () => {
    h.script = { deny: true };
    const { run, visit } = await signIn('public');
    expect(visit?.finalPage).toContain('Sign-in did not complete');
    expect(run).toMatchObject({ status: 'failed', error: { code: 'OAUTH_ERROR', message: expect.stringMatching(/access_denied/) } });
    expect(run.findings[0]?.rule).toBe('ERR-ACCESS-DENIED');
    expect(run.diagnosis).toMatchObject({ outcome: 'failed', headline: { rule: 'ERR-ACCESS-DENIED' } });
  });
});

describe('EHR launch', () => {
  it('uses a launch value issued by the sandbox: no patient picker, the launch patient in context', async () => {
    const { launch } = await h.tokens.sandboxLaunch('public', 'ben-baker');
    const { started, visit, run } = await signIn('public', { launch });
    const q = new URL(started.browser?.authorizeUrl ?? '').searchParams;
    expect(q.get('launch')).toBe(launch);
    expect(q.get('scope')?.split(' ')).toContain('launch');
    expect(visit?.titles).toEqual(['Sign in to the FHIR sandbox', 'Authorize access']);
    expect(run.status, run.error?.message).toBe('succeeded');
    expect(run.token?.launchContext).toMatchObject({ patient: 'ben-baker', needPatientBanner: false });
  });

  it('an unknown launch value is refused by the sandbox', async () => {
    await expect(h.tokens.sandboxLaunch('public', 'nobody')).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/unknown patient/) });
  });
});

describe('refresh and revoke', () => {
  it('refreshes with the refresh token and keeps the launch context', async () => {
    h.script = {};
    const { run } = await signIn('public');
    expect(run.status).toBe('succeeded');
    const before = h.tokens.reveal('public', 'access_token').value;
    const refreshed = await h.tokens.refresh('public');
    expect(refreshed.status, refreshed.error?.message).toBe('succeeded');
    expect(refreshed.flow).toBe('refresh_token');
    expect(refreshed.steps.find((s) => s.kind === 'token')?.request?.body).toMatch(/grant_type=refresh_token&refresh_token=‹redacted›&client_id=demo-public-app/);
    expect(h.tokens.reveal('public', 'access_token').value).not.toBe(before);
    expect(refreshed.token?.launchContext?.patient).toBe('ana-alvarez');
    expect(errors(refreshed)).toEqual([]);
    const ok = await h.tokens.withToken('public', (t) => fetch(`${h.sb.fhirBaseUrl}/Patient/ana-alvarez`, { headers: { authorization: `Bearer ${t.accessToken}` } }));
    expect(ok.status).toBe(200);
  });

  it('revokes refresh and access token; refreshing afterwards is refused', async () => {
    const { run } = await signIn('basic');
    expect(run.status).toBe('succeeded');
    const refreshToken = h.tokens.reveal('basic', 'refresh_token').value;
    const access = h.tokens.reveal('basic', 'access_token').value;
    const result = await h.tokens.revoke('basic', 'all');
    expect(result.revoked).toEqual(['refresh_token', 'access_token']);
    expect((await fetch(`${h.sb.fhirBaseUrl}/Patient/ana-alvarez`, { headers: { authorization: `Bearer ${access}` } })).status).toBe(401);
    const again = await fetch(h.sb.tokenEndpoint, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${DEMO_CLIENT_IDS.confidentialApp}:${DEMO_SECRETS.confidentialApp}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }).toString(),
    });
    expect(again.status).toBe(400);
    expect((await again.json() as { error: string }).error).toBe('invalid_grant');
  });
});
