import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenRun } from '../../../app/contract/tokens.ts';
import type { ProfileInput } from '../../../app/profiles/schema.ts';
import { createFetchHttpClient } from '../../http/fetch-http-client.ts';
import { discoveryHandlers } from '../../ipc/discovery-handlers.ts';
import { tokenHandlers } from '../../ipc/token-handlers.ts';
import { createFakeSigner } from '../../testing/fake-assertion-signer.ts';
import { createFakeCipher } from '../../testing/fake-cipher.ts';
import { makeProfile, MemoryProfileStore } from '../../testing/memory-profile-store.ts';
import { ActivityLog } from '../activity/activity-log.ts';
import { DiscoveryService } from '../discovery/discovery-service.ts';
import { TokenService } from './token-service.ts';
import { rendererBrowserOpener } from './ports.ts';

/**
 * A stalled token or discovery request can be cancelled by the user: against a local server that
 * never answers, `tokens:cancel` / `discovery:cancel` end the run within a second (the timeouts
 * stay at their defaults, 30 s and 15 s), the run reads 'cancelled' with words, and the activity
 * log records the exchange with the error code CANCELLED.
 */

const clock = { now: () => Date.parse('2026-06-07T08:09:10.000Z') };

/** A loopback server: `/stall/*` never answers; `/token` answers client_credentials and stalls refresh_token. */
interface StallServer { base: string; stalls(): number; waiting: Set<IncomingMessage>; closedByClient(): number; close(): Promise<void> }

async function startStallServer(): Promise<StallServer> {
  const waiting = new Set<IncomingMessage>();
  let stalls = 0;
  let closed = 0;
  const stall = (req: IncomingMessage) => {
    stalls++;
    waiting.add(req);
    req.socket.once('close', () => { if (waiting.delete(req)) closed++; });
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path.startsWith('/stall/')) { req.resume(); stall(req); return; }
    if (path === '/token') {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => { body += c; });
      req.on('end', () => {
        if (new URLSearchParams(body).get('grant_type') === 'refresh_token') return stall(req);
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
          .end(JSON.stringify({ access_token: 'at-first', token_type: 'Bearer', expires_in: 3600, refresh_token: 'rt-first', scope: 'system/*.rs' }));
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`, stalls: () => stalls, waiting, closedByClient: () => closed,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

let server: StallServer;
let dir: string;
let log: ActivityLog;
let profiles: MemoryProfileStore;
let discovery: DiscoveryService;
let tokens: TokenService;
const secrets = new Map<string, string>();

beforeAll(async () => {
  server = await startStallServer();
  dir = await mkdtemp(join(tmpdir(), 'fae-cancel-'));
  log = new ActivityLog({ dataDir: dir, cipher: createFakeCipher(), clock, events: { emit: () => undefined } });
  await log.init();
  const http = createFetchHttpClient({ clock, log });
  profiles = new MemoryProfileStore();
  // Default timeouts (discovery 15 s, token requests 30 s): only a working cancel ends these tests in time.
  discovery = new DiscoveryService({ http, profiles, clock });
  tokens = new TokenService({
    http, clock, events: { emit: () => undefined }, profiles, discovery, signer: await createFakeSigner(),
    secrets: { getSecret: async (id) => secrets.get(id) }, browser: rendererBrowserOpener,
  });
});

afterAll(async () => {
  tokens?.dispose();
  await log?.flush();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `p`, or a failure after `ms`: a cancel that does not work fails here, not at the 30 s request timeout. */
function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} did not end within ${ms} ms`)), ms); });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** Waits until the server holds one more stalled request than before, then ~100 ms more, as a user would. */
async function stalledOneMore(before: number): Promise<void> {
  await expect.poll(() => server.stalls(), { timeout: 5000 }).toBeGreaterThan(before);
  await sleep(100);
}

let profileCount = 0;
async function addProfile(fields: Partial<ProfileInput>): Promise<string> {
  const p = await profiles.save(makeProfile({ id: `cancel-${++profileCount}`, fhirBaseUrl: `${server.base}/fhir`, clientId: 'c1', ...fields }));
  secrets.set(p.id, 'client-secret-value');
  return p.id;
}

/** The run the Tokens area would see while `tokens:start`/`tokens:refresh` is still pending. */
async function runInFlight(profileId: string, status: TokenRun['status']): Promise<TokenRun> {
  await expect.poll(async () => (await tokens.status(profileId)).lastRun?.status, { timeout: 5000 }).toBe(status);
  return (await tokens.status(profileId)).lastRun as TokenRun;
}

/** Cancels through the `tokens:cancel` handler; answers the run and how long the cancel took. */
async function cancelRun(runId: string): Promise<{ run: TokenRun; ms: number }> {
  const t0 = performance.now();
  const run = await within(1500, 'tokens:cancel', tokenHandlers(tokens)['tokens:cancel']({ runId }));
  return { run, ms: performance.now() - t0 };
}

const newest = async (profileId: string, purpose: string) => (await log.list({ profileId, purpose }))[0];

describe('tokens:cancel on a stalled token run', () => {
  it('client_credentials: the stalled token POST ends at once as cancelled; the activity log records CANCELLED', async () => {
    const profileId = await addProfile({ authMethod: 'client-credentials-post', tokenEndpoint: `${server.base}/stall/token` });
    const closedBefore = server.closedByClient();
    const stalledBefore = server.stalls();
    const started = tokens.start({ profileId });
    await stalledOneMore(stalledBefore);
    const inFlight = await runInFlight(profileId, 'exchanging');
    expect(inFlight.flow).toBe('client_credentials');

    const { run, ms } = await cancelRun(inFlight.id);
    expect(ms).toBeLessThan(1000);
    expect(run.status).toBe('cancelled');
    expect(run.error).toEqual({ code: 'CANCELLED', message: `Cancelled: the token request to ${server.base}/stall/token was stopped before the server answered, so no token was obtained.` });
    expect(run.steps.map((s) => [s.kind, s.status])).toEqual([['token', 'cancelled']]);
    expect(run.findings).toEqual([]);
    // The pending tokens:start answers the same cancelled run.
    expect(await started).toMatchObject({ id: inFlight.id, status: 'cancelled', error: { code: 'CANCELLED' } });
    expect((await tokens.status(profileId)).token).toBeUndefined();

    const logged = await newest(profileId, 'token');
    expect(logged).toMatchObject({ method: 'POST', url: `${server.base}/stall/token`, error: { code: 'CANCELLED' } });
    expect(logged?.status).toBeUndefined();
    await expect.poll(() => server.closedByClient()).toBe(closedBefore + 1);
  });

  it('refresh_token: the stalled refresh ends at once as cancelled, and the cached token and refresh token stay', async () => {
    const profileId = await addProfile({ authMethod: 'client-credentials-post', tokenEndpoint: `${server.base}/token` });
    const first = await tokens.start({ profileId });
    expect(first.status, first.error?.message).toBe('succeeded');
    expect(first.token?.hasRefreshToken).toBe(true);

    const stalledBefore = server.stalls();
    const refreshing = tokens.refresh(profileId);
    await stalledOneMore(stalledBefore);
    const inFlight = await runInFlight(profileId, 'exchanging');
    expect(inFlight.flow).toBe('refresh_token');

    const { run, ms } = await cancelRun(inFlight.id);
    expect(ms).toBeLessThan(1000);
    expect(run).toMatchObject({ flow: 'refresh_token', status: 'cancelled', error: { code: 'CANCELLED', message: expect.stringMatching(/^Cancelled: the token request to .*\/token was stopped before the server answered/) } });
    expect((await refreshing).status).toBe('cancelled');
    expect((await tokens.status(profileId)).token).toMatchObject({ hasRefreshToken: true, flow: 'client_credentials' });

    const logged = await newest(profileId, 'token');
    expect(logged).toMatchObject({ method: 'POST', url: `${server.base}/token`, error: { code: 'CANCELLED' } });
  });

  it('the code exchange of a sign-in: cancelled while the token POST stalls', async () => {
    const profileId = await addProfile({
      authMethod: 'auth-code-pkce-public', scopes: 'openid patient/*.rs',
      authorizeEndpoint: `${server.base}/authorize`, tokenEndpoint: `${server.base}/stall/code-token`,
    });
    const started = await tokens.start({ profileId });
    expect(started.status, started.error?.message).toBe('awaiting-browser');
    const authorize = new URL(started.browser?.authorizeUrl ?? '');
    const stalledBefore = server.stalls();
    // The "browser" comes back with a code; the app then exchanges it at the stalling token endpoint.
    const back = await fetch(`${authorize.searchParams.get('redirect_uri')}?code=code-1&state=${authorize.searchParams.get('state')}`);
    expect(back.status).toBe(200);
    await stalledOneMore(stalledBefore);
    const inFlight = await runInFlight(profileId, 'exchanging');

    const { run, ms } = await cancelRun(inFlight.id);
    expect(ms).toBeLessThan(1000);
    expect(run).toMatchObject({ flow: 'authorization_code', status: 'cancelled', error: { code: 'CANCELLED' } });
    expect(run.steps.map((s) => s.kind)).toEqual(['authorize', 'callback', 'token']);
    expect(run.steps.at(-1)?.status).toBe('cancelled');
    expect(await newest(profileId, 'token')).toMatchObject({ url: `${server.base}/stall/code-token`, error: { code: 'CANCELLED' } });
  });

  it('during discovery: the run shows "discovering", cancel stops discovery, and no token request is sent', async () => {
    const profileId = await addProfile({ authMethod: 'client-credentials-post', fhirBaseUrl: `${server.base}/stall/fhir` });
    const stalledBefore = server.stalls();
    const started = tokens.start({ profileId });
    await stalledOneMore(stalledBefore);
    const inFlight = await runInFlight(profileId, 'discovering');

    const { run, ms } = await cancelRun(inFlight.id);
    expect(ms).toBeLessThan(1000);
    expect(run.status).toBe('cancelled');
    expect(run.error).toMatchObject({ code: 'CANCELLED', message: expect.stringMatching(/^Cancelled while discovering the endpoints of "Test" \(.*\/stall\/fhir\/\.well-known\/smart-configuration had not answered\); no token request was sent\.$/) });
    expect(run.steps.map((s) => [s.kind, s.status])).toEqual([['discovery', 'cancelled']]);
    expect((await started).status).toBe('cancelled');
    // One discovery request (the CapabilityStatement fallback is not tried), recorded as CANCELLED; no token request.
    expect(await log.list({ profileId, purpose: 'discovery' })).toEqual([expect.objectContaining({ error: expect.objectContaining({ code: 'CANCELLED' }) })]);
    expect(await log.list({ profileId, purpose: 'token' })).toEqual([]);
  });

  it('a finished run is returned unchanged', async () => {
    const profileId = await addProfile({ authMethod: 'client-credentials-post', tokenEndpoint: `${server.base}/token` });
    const done = await tokens.start({ profileId });
    expect(done.status).toBe('succeeded');
    const { run } = await cancelRun(done.id);
    expect(run).toMatchObject({ status: 'succeeded', finishedAt: done.finishedAt });
    expect(run.error).toBeUndefined();
  });
});

describe('discovery:cancel', () => {
  it('stops a stalled discovery at once; the result reports the problem "cancelled"', async () => {
    const profileId = await addProfile({ authMethod: 'none', clientId: '', fhirBaseUrl: `${server.base}/stall/fhir` });
    const handlers = discoveryHandlers(discovery);
    const stalledBefore = server.stalls();
    const running = handlers['discovery:run']({ profileId });
    await stalledOneMore(stalledBefore);

    const t0 = performance.now();
    expect(await handlers['discovery:cancel']({ profileId })).toEqual({ profileId, cancelled: 1 });
    const result = await within(1500, 'the cancelled discovery', running);
    expect(performance.now() - t0).toBeLessThan(1000);
    const url = `${server.base}/stall/fhir/.well-known/smart-configuration`;
    expect(result).toMatchObject({ cancelled: true, source: 'none', endpoints: {}, findings: [], wellKnown: { url, problem: `Discovery was cancelled before ${url} answered.` } });
    expect(result.summary).toBe(`Discovery was cancelled before ${url} answered; nothing was found.`);
    expect(result.metadata).toBeUndefined();
    expect(await newest(profileId, 'discovery')).toMatchObject({ url, error: { code: 'CANCELLED' } });
    // A cancelled result is not kept as the profile's last discovery.
    expect(discovery.last(await profiles.get(profileId))).toBeUndefined();
  });

  it('also stops the discovery a token run started, which then ends cancelled', async () => {
    const profileId = await addProfile({ authMethod: 'client-credentials-post', fhirBaseUrl: `${server.base}/stall/fhir` });
    const stalledBefore = server.stalls();
    const started = tokens.start({ profileId });
    await stalledOneMore(stalledBefore);
    expect(await discoveryHandlers(discovery)['discovery:cancel']({ profileId })).toEqual({ profileId, cancelled: 1 });
    expect(await within(1500, 'the token run', started)).toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED' } });
  });

  it('with nothing running, stops nothing', async () => {
    expect(await discoveryHandlers(discovery)['discovery:cancel']({ profileId: 'no-such-profile' })).toEqual({ profileId: 'no-such-profile', cancelled: 0 });
  });
});
