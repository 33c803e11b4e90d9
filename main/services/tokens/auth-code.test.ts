import { createServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProfileInput } from '../../../app/profiles/schema.ts';
import { createShellBrowserOpener } from '../../adapters/shell-browser-opener.ts';
import { createFakeSigner } from '../../testing/fake-assertion-signer.ts';
import { FakeHttpClient } from '../../testing/fake-http-client.ts';
import { makeProfile, MemoryProfileStore } from '../../testing/memory-profile-store.ts';
import { DiscoveryService } from '../discovery/discovery-service.ts';
import { TokenService } from './token-service.ts';
import { s256 } from './flows/auth-code-flow.ts';

const BASE = 'https://fhir.example.test/r4';
const AUTHZ = 'https://auth.example.test/authorize';
const TOKEN = 'https://auth.example.test/token';
const NOW = Date.parse('2026-03-01T10:00:00Z');
const services: TokenService[] = [];
afterEach(() => { for (const s of services.splice(0)) s.dispose(); });

async function setup(fields: Partial<ProfileInput>, opts: { authTimeoutMs?: number; opened?: string[] } = {}) {
  const http = new FakeHttpClient();
  const profiles = new MemoryProfileStore(makeProfile({
    fhirBaseUrl: BASE, authorizeEndpoint: AUTHZ, tokenEndpoint: TOKEN, authMethod: 'auth-code-pkce-public', clientId: 'app-1',
    scopes: 'launch/patient openid fhirUser patient/*.rs offline_access', ...fields,
  }));
  const clock = { now: () => NOW };
  const opened = opts.opened;
  const tokens = new TokenService({
    http, clock, events: { emit: () => undefined }, profiles, discovery: new DiscoveryService({ http, profiles, clock }),
    signer: await createFakeSigner(), secrets: { getSecret: async () => 'app-secret' },
    browser: opened ? createShellBrowserOpener({ openExternal: async (u) => void opened.push(u) }) : { opensInRenderer: true, open: async () => undefined },
    authTimeoutMs: opts.authTimeoutMs ?? 10_000,
  });
  services.push(tokens);
  http.on(TOKEN, {
    headers: { 'cache-control': 'no-store', pragma: 'no-cache' },
    body: { access_token: 'at-1', token_type: 'Bearer', expires_in: 3600, scope: 'launch/patient openid fhirUser patient/*.rs offline_access', refresh_token: 'rt-1', patient: 'pat-9', encounter: 'enc-3', need_patient_banner: false },
  });
  return { http, tokens };
}

const params = (url: string) => Object.fromEntries(new URL(url).searchParams);

/** A port nothing listens on right now (taken from the OS, then released). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address() as AddressInfo; s.close(() => resolve(port)); });
  });
}

describe('authorization code + PKCE through a loopback redirect', () => {
  it('builds the SMART authorize URL, receives the code on 127.0.0.1 and exchanges it with the verifier', async () => {
    const { http, tokens } = await setup({});
    const run = await tokens.start({ profileId: 'p1' });
    expect(run.status).toBe('awaiting-browser');
    expect(run.browser?.openInRenderer).toBe(true);
    const url = run.browser?.authorizeUrl ?? '';
    expect(url.startsWith(`${AUTHZ}?`)).toBe(true);
    const q = params(url);
    expect(q).toMatchObject({
      response_type: 'code', client_id: 'app-1', scope: 'launch/patient openid fhirUser patient/*.rs offline_access', aud: BASE, code_challenge_method: 'S256',
    });
    expect(q['redirect_uri']).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(q['state']?.length).toBeGreaterThanOrEqual(43);
    expect(q['launch']).toBeUndefined();

    const page = await fetch(`${q['redirect_uri']}?code=the-code&state=${q['state']}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('You can close this tab');
    const done = await tokens.awaitRun(run.id, 5000);
    expect(done.status).toBe('succeeded');

    const body = Object.fromEntries(new URLSearchParams(http.to(TOKEN)[0]?.body ?? ''));
    expect(body).toEqual({ grant_type: 'authorization_code', code: 'the-code', redirect_uri: q['redirect_uri'], code_verifier: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), client_id: 'app-1' });
    expect(s256(body['code_verifier'] ?? '')).toBe(q['code_challenge']);
    expect(done.token?.launchContext).toEqual({ patient: 'pat-9', encounter: 'enc-3', needPatientBanner: false });
    expect(done.token?.hasRefreshToken).toBe(true);
    expect(done.steps.map((s) => s.kind)).toEqual(['authorize', 'callback', 'token']);
    expect(JSON.stringify(done)).not.toContain('the-code');
    // One-shot: the listener is gone after the callback.
    await expect(fetch(`${q['redirect_uri']}?code=x&state=${q['state']}`)).rejects.toThrow();
  });

  it('EHR launch: sends launch, adds the launch scope and says so', async () => {
    const { tokens } = await setup({});
    const run = await tokens.start({ profileId: 'p1', launch: 'launch-123' });
    const q = params(run.browser?.authorizeUrl ?? '');
    expect(q['launch']).toBe('launch-123');
    expect(q['scope']?.split(' ')[0]).toBe('launch');
    expect(run.notes.join(' ')).toMatch(/Added the "launch" scope/);
    await tokens.cancel(run.id);
  });

  it('confidential Basic client with extra token parameters (InteliChart audience)', async () => {
    const { http, tokens } = await setup({
      authMethod: 'auth-code-confidential-basic',
      extraTokenParams: [{ name: 'audience', value: '{base}' }, { name: 'client_id', value: '{clientId}' }],
    });
    const run = await tokens.start({ profileId: 'p1' });
    const q = params(run.browser?.authorizeUrl ?? '');
    await fetch(`${q['redirect_uri']}?code=c2&state=${q['state']}`);
    const done = await tokens.awaitRun(run.id, 5000);
    expect(done.status).toBe('succeeded');
    const req = http.to(TOKEN)[0];
    expect(req?.headers?.['authorization']).toBe(`Basic ${Buffer.from('app-1:app-secret').toString('base64')}`);
    expect(Object.fromEntries(new URLSearchParams(req?.body ?? ''))).toMatchObject({ audience: BASE, client_id: 'app-1', grant_type: 'authorization_code' });
  });

  it('opens the system browser in desktop mode (http(s) only)', async () => {
    const opened: string[] = [];
    const { tokens } = await setup({}, { opened });
    const run = await tokens.start({ profileId: 'p1' });
    expect(opened).toEqual([run.browser?.authorizeUrl]);
    expect(run.browser?.openInRenderer).toBe(false);
    await tokens.cancel(run.id);
    await expect(createShellBrowserOpener({ openExternal: async () => undefined }).open('file:///etc/passwd')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('refuses a redirect whose state does not match', async () => {
    const { http, tokens } = await setup({});
    const run = await tokens.start({ profileId: 'p1' });
    const q = params(run.browser?.authorizeUrl ?? '');
    const page = await fetch(`${q['redirect_uri']}?code=c&state=forged`);
    expect(page.status).toBe(400);
    const done = await tokens.awaitRun(run.id, 5000);
    expect(done).toMatchObject({ status: 'failed', error: { code: 'OAUTH_ERROR', message: expect.stringMatching(/different state/) } });
    expect(http.to(TOKEN)).toHaveLength(0);
  });

  it('explains an error on the redirect (access_denied)', async () => {
    const { tokens } = await setup({});
    const run = await tokens.start({ profileId: 'p1' });
    const q = params(run.browser?.authorizeUrl ?? '');
    await fetch(`${q['redirect_uri']}?error=access_denied&error_description=the+user+denied&state=${q['state']}`);
    const done = await tokens.awaitRun(run.id, 5000);
    expect(done.status).toBe('failed');
    expect(done.error?.message).toMatch(/access_denied \(the user denied\)/);
    expect(done.findings[0]?.rule).toBe('ERR-ACCESS-DENIED');
  });

  it('can be cancelled while waiting, and then stops listening', async () => {
    const { tokens } = await setup({});
    const run = await tokens.start({ profileId: 'p1' });
    const q = params(run.browser?.authorizeUrl ?? '');
    const done = await tokens.cancel(run.id);
    expect(done).toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED' } });
    await new Promise((r) => setTimeout(r, 20));
    await expect(fetch(`${q['redirect_uri']}?code=c&state=${q['state']}`)).rejects.toThrow();
  });

  it('times out when the browser never comes back', async () => {
    const { tokens } = await setup({}, { authTimeoutMs: 150 });
    const run = await tokens.start({ profileId: 'p1' });
    const still = await tokens.awaitRun(run.id, 10);
    expect(still.status).toBe('awaiting-browser');
    const done = await tokens.awaitRun(run.id, 3000);
    expect(done).toMatchObject({ status: 'failed', error: { code: 'TIMEOUT', message: expect.stringMatching(/No sign-in redirect arrived/) } });
  });

  it('listens on the profile\'s fixed port: the same redirect URI run after run', async () => {
    const port = await freePort();
    const { tokens } = await setup({ loopbackPort: port });
    const uris: string[] = [];
    for (let i = 0; i < 2; i++) {
      const run = await tokens.start({ profileId: 'p1' });
      uris.push(params(run.browser?.authorizeUrl ?? '')['redirect_uri'] ?? '');
      expect(run.browser?.redirectUri).toBe(`http://127.0.0.1:${port}/callback`);
      await tokens.cancel(run.id);
    }
    expect(uris).toEqual([`http://127.0.0.1:${port}/callback`, `http://127.0.0.1:${port}/callback`]);
  });

  it('says which port is taken and what to do, when another program holds it', async () => {
    const blocker = createServer();
    const port = await new Promise<number>((r) => blocker.listen(0, '127.0.0.1', () => r((blocker.address() as AddressInfo).port)));
    try {
      const { tokens } = await setup({ loopbackPort: port });
      const run = await tokens.start({ profileId: 'p1' });
      expect(run).toMatchObject({ status: 'failed', error: { code: 'CONFLICT' } });
      expect(run.error?.message).toContain(`Port ${port} is already in use`);
      expect(run.error?.message).toContain(`http://127.0.0.1:${port}/callback`);
      expect(run.error?.message).toMatch(/choose another port in the profile/);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });

  it('refuses a non-loopback redirect URI with a clear message', async () => {
    const { tokens } = await setup({ redirectUri: 'https://app.example.test/callback' });
    const run = await tokens.start({ profileId: 'p1' });
    expect(run).toMatchObject({ status: 'failed', error: { code: 'INVALID_INPUT', message: expect.stringMatching(/not a loopback address/) } });
  });
});
