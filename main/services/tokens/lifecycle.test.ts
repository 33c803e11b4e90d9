import { describe, expect, it } from 'vitest';
import type { ProfileInput } from '../../../app/profiles/schema.ts';
import { createFakeSigner } from '../../testing/fake-assertion-signer.ts';
import { FakeHttpClient, type FakeReply } from '../../testing/fake-http-client.ts';
import { makeProfile, MemoryProfileStore } from '../../testing/memory-profile-store.ts';
import { DiscoveryService } from '../discovery/discovery-service.ts';
import { IDLE_RENEWAL_LIMIT_MS, TokenService } from './token-service.ts';
import type { Timers } from './ports.ts';

const BASE = 'https://fhir.example.test/r4';
const TOKEN = 'https://auth.example.test/token';
const REVOKE = 'https://auth.example.test/revoke';
const T0 = Date.parse('2026-03-01T10:00:00Z');

/** Timers the test fires by hand, so renewal is tested without waiting. */
class ManualTimers implements Timers {
  pending: { fn: () => void; at: number }[] = [];
  constructor(private readonly clock: { t: number }) {}
  setTimeout(fn: () => void, ms: number) { const h = { fn, at: this.clock.t + ms }; this.pending.push(h); return h; }
  clearTimeout(h: unknown) { this.pending = this.pending.filter((x) => x !== h); }
  /** Moves the clock to `t` and fires every timer due by then. */
  async advanceTo(t: number) {
    this.clock.t = t;
    const due = this.pending.filter((x) => x.at <= t);
    this.pending = this.pending.filter((x) => x.at > t);
    for (const d of due) d.fn();
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function setup(fields: Partial<ProfileInput> = {}, reply?: (n: number, body: URLSearchParams) => FakeReply) {
  const clock = { t: T0 };
  const timers = new ManualTimers(clock);
  const http = new FakeHttpClient();
  let n = 0;
  http.on(TOKEN, (req) => {
    n++;
    const form = new URLSearchParams(req.body ?? '');
    return reply ? reply(n, form) : { body: { access_token: `at-${n}`, token_type: 'Bearer', expires_in: 300, scope: 'system/*.rs' } };
  });
  const profiles = new MemoryProfileStore(makeProfile({
    fhirBaseUrl: BASE, tokenEndpoint: TOKEN, authorizeEndpoint: 'https://auth.example.test/authorize', authMethod: 'client-credentials-basic',
    discovered: { source: 'smart-configuration', fetchedAt: '2026-03-01T09:00:00Z', tokenEndpoint: TOKEN, revocationEndpoint: REVOKE }, ...fields,
  }));
  const c = { now: () => clock.t };
  const tokens = new TokenService({
    http, clock: c, events: { emit: () => undefined }, profiles, discovery: new DiscoveryService({ http, profiles, clock: c }),
    signer: await createFakeSigner(), secrets: { getSecret: async () => 'sec' }, browser: { opensInRenderer: true, open: async () => undefined }, timers,
  });
  return { http, tokens, clock, timers, profiles, requests: () => http.to(TOKEN).map((r) => new URLSearchParams(r.body ?? '')) };
}

/** Completes a sign-in by calling the loopback redirect the way the browser would. */
async function signIn(tokens: TokenService): Promise<void> {
  const run = await tokens.start({ profileId: 'p1' });
  const q = new URL(run.browser?.authorizeUrl ?? '').searchParams;
  await fetch(`${q.get('redirect_uri')}?code=c-1&state=${q.get('state')}`);
  expect((await tokens.awaitRun(run.id, 5000)).status).toBe('succeeded');
}

describe('getAccessToken', () => {
  it('returns the cached token while it is fresh and renews it inside the last minute', async () => {
    const { tokens, clock, requests } = await setup();
    const a = await tokens.getAccessToken('p1');
    expect(a).toEqual({ accessToken: 'at-1', tokenType: 'Bearer', expiresAt: T0 + 300_000, scope: 'system/*.rs', response: { token_type: 'Bearer', expires_in: 300, scope: 'system/*.rs' } });
    expect(JSON.stringify(a.response)).not.toContain('at-1'); // the launch context never carries the token itself
    clock.t = T0 + 200_000;
    expect((await tokens.getAccessToken('p1')).accessToken).toBe('at-1');
    clock.t = T0 + 241_000; // within the renewal lead (60 s)
    expect((await tokens.getAccessToken('p1')).accessToken).toBe('at-2');
    expect(requests().map((f) => f.get('grant_type'))).toEqual(['client_credentials', 'client_credentials']);
  });

  it('forceNew always asks for a new token, and concurrent callers share one request', async () => {
    const { tokens, requests } = await setup();
    await tokens.getAccessToken('p1');
    const [x, y] = await Promise.all([tokens.getAccessToken('p1', { forceNew: true }), tokens.getAccessToken('p1', { forceNew: true })]);
    expect(x.accessToken).toBe('at-2');
    expect(y.accessToken).toBe('at-2');
    expect(requests()).toHaveLength(2);
  });

  it('renews with the refresh token, keeping it when the server does not rotate it', async () => {
    const { tokens, clock, requests } = await setup({ authMethod: 'auth-code-confidential-post' }, (n) => ({ body: n === 1
      ? { access_token: 'at-1', token_type: 'Bearer', expires_in: 300, scope: 'patient/*.rs offline_access', refresh_token: 'rt-1', patient: 'p-7' }
      : { access_token: `at-${n}`, token_type: 'Bearer', expires_in: 300, scope: 'patient/*.rs offline_access' } }));
    await signIn(tokens);
    clock.t = T0 + 290_000;
    expect((await tokens.getAccessToken('p1')).accessToken).toBe('at-2');
    clock.t = T0 + 290_000 + 290_000;
    expect((await tokens.getAccessToken('p1')).accessToken).toBe('at-3');
    const [first, second, third] = requests();
    expect(first?.get('grant_type')).toBe('authorization_code');
    expect(Object.fromEntries(second ?? [])).toEqual({ grant_type: 'refresh_token', refresh_token: 'rt-1', client_id: 'client-1', client_secret: 'sec' });
    expect(third?.get('refresh_token')).toBe('rt-1');
    const status = await tokens.status('p1');
    expect(status.token?.launchContext?.patient).toBe('p-7');
    expect(status.token?.flow).toBe('refresh_token');
  });

  it('a renewal nobody watched shows its steps, token and checks once someone looks', async () => {
    const { tokens } = await setup();
    await tokens.getAccessToken('p1');
    const { lastRun } = await tokens.status('p1');
    expect(lastRun?.status).toBe('succeeded');
    expect(lastRun?.steps.map((s) => s.kind)).toEqual(['token']);
    expect(lastRun?.steps[0]?.response?.status).toBe(200);
    expect(lastRun?.steps[0]?.response?.body).not.toContain('at-1'); // redacted
    expect(lastRun?.steps[0]?.request?.headers.find((h) => h.name.toLowerCase() === 'authorization')?.value).not.toContain('sec');
    expect(lastRun?.token?.grantedScope).toBe('system/*.rs');
    // Looking twice shows the same run, not the steps twice.
    expect((await tokens.status('p1')).lastRun?.steps).toHaveLength(1);
  });

  it('an auth-code profile without a usable token says to sign in again', async () => {
    const { tokens } = await setup({ authMethod: 'auth-code-pkce-public' });
    await expect(tokens.getAccessToken('p1')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/sign in again/) });
  });

  it('surfaces a failed renewal as an AppFailure with the server words', async () => {
    const { tokens } = await setup({}, () => ({ status: 401, body: { error: 'invalid_client', error_description: 'unknown client' } }));
    await expect(tokens.getAccessToken('p1')).rejects.toMatchObject({ code: 'OAUTH_ERROR', message: expect.stringMatching(/invalid_client \(unknown client\)/) });
  });
});

describe('withToken', () => {
  it('retries once with a fresh token after a 401', async () => {
    const { tokens } = await setup();
    const seen: string[] = [];
    const result = await tokens.withToken('p1', async (t) => {
      seen.push(t.accessToken);
      return { status: seen.length === 1 ? 401 : 200 };
    });
    expect(result.status).toBe(200);
    expect(seen).toEqual(['at-1', 'at-2']);
  });

  it('does not retry a success, and gives up after the second 401', async () => {
    const { tokens } = await setup();
    const seen: string[] = [];
    expect((await tokens.withToken('p1', async (t) => { seen.push(t.accessToken); return { status: 200 }; })).status).toBe(200);
    const again = await tokens.withToken('p1', async (t) => { seen.push(t.accessToken); return { status: 401 }; });
    expect(again.status).toBe(401);
    expect(seen).toEqual(['at-1', 'at-1', 'at-2']);
  });
});

describe('proactive renewal', () => {
  it('is off by default: a token nobody asked to renew is never renewed in the background', async () => {
    const { tokens, timers, requests } = await setup();
    await tokens.getAccessToken('p1');
    expect((await tokens.status('p1')).autoRefresh).toBe(false);
    expect(timers.pending).toHaveLength(0);
    await timers.advanceTo(T0 + 600_000);
    expect(requests()).toHaveLength(1);
    // Used again once expired, it is renewed on demand (the console still works).
    await tokens.getAccessToken('p1');
    expect(requests()).toHaveLength(2);
  });

  it('renews a client-credentials token shortly before it expires, while it is in use, when the profile asks for it', async () => {
    const { tokens, timers, requests } = await setup({ autoRenew: true });
    await tokens.getAccessToken('p1');
    expect(timers.pending.map((p) => p.at)).toEqual([T0 + 240_000]);
    await timers.advanceTo(T0 + 240_000);
    expect(requests()).toHaveLength(2);
    expect((await tokens.status('p1')).token?.expiresAt).toBe(T0 + 240_000 + 300_000);
  });

  it('the switch is saved with the profile; turned off in the profile, an armed timer renews nothing', async () => {
    const { tokens, timers, requests, profiles } = await setup();
    await tokens.getAccessToken('p1');
    const on = await tokens.setAutoRefresh('p1', true);
    expect(on.autoRefresh).toBe(true);
    expect((await profiles.get('p1')).autoRenew).toBe(true);
    expect(timers.pending).toHaveLength(1);
    await profiles.save({ ...(await profiles.get('p1')), autoRenew: false });
    await timers.advanceTo(T0 + 240_000);
    expect(requests()).toHaveLength(1);
  });

  it('stops renewing a token nobody used for half an hour, and when switched off', async () => {
    const { tokens, timers, requests } = await setup({ autoRenew: true });
    await tokens.getAccessToken('p1');
    await timers.advanceTo(T0 + IDLE_RENEWAL_LIMIT_MS + 1);
    expect(requests()).toHaveLength(1);
    expect((await tokens.status('p1')).token?.expiresAt).toBe(T0 + 300_000);
    const { tokens: t2, timers: timers2, requests: r2 } = await setup({ autoRenew: true });
    await t2.getAccessToken('p1');
    const status = await t2.setAutoRefresh('p1', false);
    expect(status.autoRefresh).toBe(false);
    expect(timers2.pending).toHaveLength(0);
    expect(r2()).toHaveLength(1);
  });
});

describe('reveal, forget and revoke', () => {
  it('reveals the raw token only on request', async () => {
    const { tokens } = await setup();
    expect(() => tokens.reveal('p1', 'access_token')).toThrow(/no access token/);
    await tokens.start({ profileId: 'p1' });
    expect(JSON.stringify(await tokens.status('p1'))).not.toContain('at-1');
    expect(tokens.reveal('p1', 'access_token')).toEqual({ which: 'access_token', value: 'at-1', tokenType: 'Bearer' });
    tokens.forget('p1');
    expect((await tokens.status('p1')).token).toBeUndefined();
  });

  it('revokes at the advertised endpoint with client authentication, then forgets the token', async () => {
    const { http, tokens } = await setup();
    http.on(REVOKE, { status: 200, body: '' });
    await tokens.start({ profileId: 'p1' });
    const result = await tokens.revoke('p1', 'all');
    expect(result.revoked).toEqual(['access_token']);
    const [req] = http.to(REVOKE);
    expect(req?.body).toBe('token=at-1&token_type_hint=access_token');
    expect(req?.headers?.['authorization']).toBe(`Basic ${Buffer.from('client-1:sec').toString('base64')}`);
    expect(req?.purpose).toBe('revoke');
    expect(result.steps.at(-1)?.request?.body).not.toContain('at-1');
    expect((await tokens.status('p1')).token).toBeUndefined();
  });

  it('a revocation endpoint typed on the profile wins over the discovered one', async () => {
    const TYPED = 'https://auth.example.test/typed-revoke';
    const { http, tokens } = await setup({ revocationEndpoint: TYPED });
    http.on(TYPED, { status: 200, body: '' });
    await tokens.start({ profileId: 'p1' });
    expect((await tokens.status('p1')).revocationEndpoint).toBe(TYPED);
    await tokens.revoke('p1', 'all');
    expect(http.to(TYPED)).toHaveLength(1);
    expect(http.to(REVOKE)).toHaveLength(0);
  });

  it('says so when the server advertises no revocation endpoint', async () => {
    const { http, tokens } = await setup({ discovered: undefined });
    http.on(`${BASE}/.well-known/smart-configuration`, { body: { token_endpoint: TOKEN } });
    http.on(() => true, { status: 404, body: 'not found' });
    await tokens.start({ profileId: 'p1' });
    await expect(tokens.revoke('p1', 'all')).rejects.toMatchObject({ code: 'NOT_SUPPORTED', message: expect.stringMatching(/advertises no revocation endpoint/) });
  });
});

describe('a pasted token', () => {
  const jwt = (claims: object) => `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`;

  it('is kept in main: the renderer sees it masked and decoded, the console gets it, nothing is renewed', async () => {
    const { tokens, requests } = await setup();
    const value = jwt({ sub: 'someone', scope: 'patient/*.rs', exp: T0 / 1000 + 600 });
    const summary = tokens.paste('p1', `Bearer ${value}`, 'Bearer');
    expect(summary).toMatchObject({ profileId: 'p1', format: 'jwt', scope: 'patient/*.rs', expiresAt: T0 + 600_000, masked: `eyJ…(masked, ${value.length} chars)` });
    const status = await tokens.status('p1');
    expect(status.pasted?.claims).toMatchObject({ sub: 'someone' });
    expect(JSON.stringify(status)).not.toContain(value);
    expect(await tokens.getAccessToken('p1', { source: 'pasted' })).toMatchObject({ accessToken: value, pasted: true });
    expect(requests()).toHaveLength(0);
    tokens.forgetPasted('p1');
    await expect(tokens.getAccessToken('p1', { source: 'pasted' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(tokens.paste('p1', 'opaque-123', 'Bearer')).toMatchObject({ format: 'opaque', masked: 'opa…(masked, 10 chars)' });
  });
});
