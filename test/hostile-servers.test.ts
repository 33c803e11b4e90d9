import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenRun } from '../app/contract/tokens.ts';
import { createFetchHttpClient } from '../main/http/fetch-http-client.ts';
import type { HttpClient } from '../main/http/http-client.ts';
import { ActivityLog } from '../main/services/activity/activity-log.ts';
import { DiscoveryService } from '../main/services/discovery/discovery-service.ts';
import { TokenService } from '../main/services/tokens/token-service.ts';
import { rendererBrowserOpener } from '../main/services/tokens/ports.ts';
import { createFakeSigner } from '../main/testing/fake-assertion-signer.ts';
import { createFakeCipher } from '../main/testing/fake-cipher.ts';
import { makeProfile, MemoryProfileStore } from '../main/testing/memory-profile-store.ts';
import { startTestBridge, type TestBridge } from './support/bridge-http.ts';
import { HUGE_BODY_BYTES, startHostileServers, type HostileServers } from './support/hostile-server.ts';
import type { MemoryScenario } from './support/memory-probe.ts';

/**
 * The app against servers that misbehave: an HTML error page, invalid JSON, a stall, a redirect
 * loop, a 200 MB body, a connection reset and an untrusted TLS certificate. Through the fetch
 * HttpClient, discovery and the token service, each must end in a clear error (code and words),
 * quickly (short timeouts here), cancellably, with bounded memory; and the bridge keeps answering
 * while a request to a stalled server is pending.
 */
const MB = 1024 * 1024;
const clock = { now: () => Date.parse('2026-06-07T08:09:10.000Z') };
let hostile: HostileServers;
let dir: string;
let log: ActivityLog;
let http: HttpClient;

beforeAll(async () => {
  hostile = await startHostileServers();
  dir = await mkdtemp(join(tmpdir(), 'fae-hostile-'));
  log = new ActivityLog({ dataDir: dir, cipher: createFakeCipher(), clock, events: { emit: () => undefined } });
  await log.init();
  http = createFetchHttpClient({ clock, log });
}, 30_000);

afterAll(async () => {
  await log?.flush();
  await hostile?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Peak memory growth of one request path, measured in a fresh process (see memory-probe.ts). */
function probeMemory(scenario: MemoryScenario, url: string): Promise<{ growthBytes: number; outcome: any }> {
  const script = resolve(import.meta.dirname, 'support/memory-probe.ts');
  return new Promise((done, fail) => {
    execFile(process.execPath, ['--import', 'tsx', script, scenario, url], { cwd: resolve(import.meta.dirname, '..'), timeout: 60_000, maxBuffer: 8 * MB }, (error, stdout, stderr) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      if (error || !line.startsWith('{')) return fail(new Error(`memory probe ${scenario} failed: ${error?.message ?? ''} ${stderr.slice(-500)}`));
      done(JSON.parse(line));
    });
  });
}

/** The memory budget for any request, whatever the server sends. */
const BUDGET = 100 * MB;
/** Peak growth per path, measured by a passing test; the budget checks read it from here. */
const measured = new Map<MemoryScenario, number>();
/**
 * A budget check for a path known to exceed it (it.fails). It reads the measurement made by a
 * passing test, so a probe that crashes cannot make it "fail as expected": without a
 * measurement it returns normally, and an it.fails that does not fail is reported.
 */
const withinBudget = (scenario: MemoryScenario) => () => {
  const growth = measured.get(scenario);
  if (growth === undefined) return;
  expect(growth).toBeLessThan(BUDGET);
};

const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as { code: string; message: string });
const timed = async <T>(fn: () => Promise<T>) => { const t0 = Date.now(); const value = await fn(); return { value, ms: Date.now() - t0 }; };

describe('HttpClient', () => {
  it('an HTML error page comes back as what it is (status and type), for the caller to judge', async () => {
    const res = await http.send({ method: 'GET', url: `${hostile.http}/html/x`, purpose: 'discovery', timeoutMs: 2000 });
    expect(res.status).toBe(502);
    expect(res.header('content-type')).toMatch(/^text\/html/);
    expect(res.bodyText).toContain('<h1>Bad Gateway</h1>');
  });

  it('a stall ends in TIMEOUT at the timeout, and the stalled connection is closed', async () => {
    const closedBefore = hostile.stallsClosedByClient();
    const { value: err, ms } = await timed(() => failure(http.send({ method: 'GET', url: `${hostile.http}/stall/x`, purpose: 'fhir', timeoutMs: 500 })));
    expect(err.code).toBe('TIMEOUT');
    expect(err.message).toMatch(/^No complete response from 127\.0\.0\.1:\d+ within 500 ms\. The server may be down or stalled/);
    expect(ms).toBeGreaterThanOrEqual(450);
    expect(ms).toBeLessThan(2500);
    await expect.poll(() => hostile.stallsClosedByClient()).toBe(closedBefore + 1);
  });

  it('a stall can be cancelled: CANCELLED right away, not at the timeout', async () => {
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 100);
    const { value: err, ms } = await timed(() => failure(http.send({ method: 'GET', url: `${hostile.http}/stall/x`, purpose: 'fhir', signal: ctl.signal, timeoutMs: 10_000 })));
    expect(err).toMatchObject({ code: 'CANCELLED', message: expect.stringMatching(/^Request to 127\.0\.0\.1:\d+ was cancelled\.$/) });
    expect(ms).toBeLessThan(1500);
  });

  it('a redirect loop stops with NETWORK "Too many redirects" (and is not followed unless asked)', async () => {
    const err = await failure(http.send({ method: 'GET', url: `${hostile.http}/loop/x`, purpose: 'discovery', followRedirects: true, timeoutMs: 5000 }));
    expect(err).toMatchObject({ code: 'NETWORK', message: expect.stringMatching(/^Too many redirects from 127\.0\.0\.1:\d+ \(a redirect loop\?\)\.$/) });
    expect((await http.send({ method: 'GET', url: `${hostile.http}/loop/x`, purpose: 'discovery' })).status).toBe(302);
  });

  it('a 200 MB body is cut at the cap, and back-pressure stops the server sending', async () => {
    const sentBefore = hostile.hugeBytesSent();
    const closedBefore = hostile.hugeClosed();
    const res = await http.send({ method: 'GET', url: `${hostile.http}/huge/x`, purpose: 'bulk', timeoutMs: 20_000 });
    expect(res.bodyTruncated).toBe(true);
    expect(res.bodySize).toBe(20 * MB);
    await expect.poll(() => hostile.hugeClosed()).toBe(closedBefore + 1);
    // What was sent is the cap plus socket buffers, nowhere near 200 MB.
    expect(hostile.hugeBytesSent() - sentBefore).toBeLessThan(HUGE_BODY_BYTES / 4);
  });

  it('a 200 MB body read with a document cap (5 MB, what discovery and JWKS use) stays within the 100 MB budget', async () => {
    const { growthBytes, outcome } = await probeMemory('http-document-cap', `${hostile.http}/huge/x`);
    expect(outcome).toEqual({ bodySize: 5 * MB, truncated: true });
    expect(growthBytes).toBeLessThan(BUDGET);
  }, 60_000);

  // Was ~150 MB before the body was decoded incrementally and the log pre-cut big bodies (the capped body
  // is held as chunks, a joined Buffer and a string, then copied again by the activity log's redaction).
  it('measures a 200 MB body read with the default cap', async () => {
    const { growthBytes, outcome } = await probeMemory('http-default-cap', `${hostile.http}/huge/x`);
    expect(outcome).toEqual({ bodySize: 20 * MB, truncated: true });
    expect(growthBytes).toBeGreaterThan(0);
    measured.set('http-default-cap', growthBytes);
  }, 60_000);
  it('a 200 MB body read with the default cap stays within the 100 MB budget', withinBudget('http-default-cap'));

  it('a 200 MB body can be cancelled while it streams', async () => {
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 150);
    const err = await failure(http.send({ method: 'GET', url: `${hostile.http}/huge/x`, purpose: 'bulk', signal: ctl.signal, maxBodyBytes: HUGE_BODY_BYTES * 2, timeoutMs: 20_000 }));
    expect(err.code).toBe('CANCELLED');
  });

  it('a connection reset is NETWORK "closed the connection before answering"', async () => {
    const err = await failure(http.send({ method: 'GET', url: `${hostile.http}/reset/x`, purpose: 'fhir', timeoutMs: 5000 }));
    expect(err).toMatchObject({ code: 'NETWORK', message: expect.stringMatching(/^127\.0\.0\.1:\d+ closed the connection before answering \(connection reset\)\.$/) });
  });

  it('an untrusted TLS certificate is refused with words, never bypassed', async () => {
    // Control: the server works for a client that trusts this certificate.
    const body = await new Promise<string>((resolve, reject) => {
      get(`${hostile.https}/ok`, { ca: hostile.certPem }, (res) => { let t = ''; res.on('data', (c) => { t += c; }); res.on('end', () => resolve(t)); }).on('error', reject);
    });
    expect(JSON.parse(body)).toEqual({ ok: true });
    const err = await failure(http.send({ method: 'GET', url: `${hostile.https}/ok`, purpose: 'discovery', timeoutMs: 5000 }));
    expect(err.code).toBe('NETWORK');
    expect(err.message).toMatch(/^The TLS certificate of 127\.0\.0\.1:\d+ is not trusted \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|[A-Z_]*CERT[A-Z_]*)\)\. The app does not bypass certificate checks/);
    expect(process.env.NODE_TLS_REJECT_UNAUTHORIZED).toBeUndefined();
  });
});

describe('discovery', () => {
  const profiles = new MemoryProfileStore();
  const discovery = () => new DiscoveryService({ http, profiles, clock, timeoutMs: 500 });
  const run = async (base: string) => {
    const p = await profiles.save(makeProfile({ id: undefined, fhirBaseUrl: `${base}/fhir`, authMethod: 'none', clientId: '' }));
    return discovery().run(p.id);
  };

  const cases: [string, () => string, RegExp][] = [
    ['an HTML error page', () => `${hostile.http}/html`, /answered with an HTML page \(HTTP 502, text\/html; charset=utf-8\), not JSON: "Bad Gateway/],
    ['invalid JSON', () => `${hostile.http}/badjson`, /JSON/],
    ['a stall', () => `${hostile.http}/stall`, /No complete response from 127\.0\.0\.1:\d+ within 500 ms/],
    ['a redirect loop', () => `${hostile.http}/loop`, /Too many redirects from 127\.0\.0\.1:\d+/],
    ['a connection reset', () => `${hostile.http}/reset`, /closed the connection before answering \(connection reset\)/],
    ['an untrusted certificate', () => hostile.https, /The TLS certificate of 127\.0\.0\.1:\d+ is not trusted/],
  ];
  for (const [what, base, words] of cases) {
    it(`${what}: finds nothing and says why, in words, quickly`, async () => {
      const { value: result, ms } = await timed(() => run(base()));
      expect(result.source).toBe('none');
      expect(result.endpoints).toEqual({});
      expect(result.wellKnown.problem).toMatch(words);
      expect(result.summary).toMatch(/^No OAuth endpoints found\./);
      expect(ms).toBeLessThan(3000);
    });
  }

  it('a 200 MB discovery document: read up to its 2 MB cap, with a clear problem', async () => {
    const sentBefore = hostile.hugeBytesSent();
    const result = await run(`${hostile.http}/huge`);
    expect(result.source).toBe('none');
    expect(result.wellKnown.problem).toMatch(/the body is not valid JSON \(Unterminated string in JSON at position 2097152\)/);
    // Two documents (smart-configuration, then metadata), each cut at 2 MB.
    expect(hostile.hugeBytesSent() - sentBefore).toBeLessThan(HUGE_BODY_BYTES / 4);
  });

  // Was 370-680 MB with 5 MB caps and whole-body redaction; now 2 MB caps and a pre-cut log.
  it('measures discovery of a 200 MB document', async () => {
    const { growthBytes, outcome } = await probeMemory('discovery', `${hostile.http}/huge`);
    expect(outcome).toMatchObject({ source: 'none', problem: expect.stringContaining('not valid JSON') });
    expect(growthBytes).toBeGreaterThan(0);
    measured.set('discovery', growthBytes);
  }, 60_000);
  it('a 200 MB discovery document stays within the 100 MB budget', withinBudget('discovery'));
});

describe('token requests', () => {
  let profiles: MemoryProfileStore;
  let tokens: TokenService;
  const secrets = new Map<string, string>();

  beforeAll(async () => {
    profiles = new MemoryProfileStore();
    tokens = new TokenService({
      http, clock, events: { emit: () => undefined }, profiles, discovery: new DiscoveryService({ http, profiles, clock, timeoutMs: 500 }),
      signer: await createFakeSigner(), secrets: { getSecret: async (id) => secrets.get(id) }, browser: rendererBrowserOpener, tokenTimeoutMs: 500,
    });
  });
  afterAll(() => tokens?.dispose());

  async function runAgainst(tokenUrl: string, wait = 8000): Promise<TokenRun> {
    const p = await profiles.save(makeProfile({ id: undefined, fhirBaseUrl: 'http://127.0.0.1:9/fhir', tokenEndpoint: tokenUrl, authMethod: 'client-credentials-post', clientId: 'c1' }));
    secrets.set(p.id, 'client-secret-value');
    const started = await tokens.start({ profileId: p.id });
    return started.status === 'exchanging' ? tokens.awaitRun(started.id, wait) : started;
  }

  const cases: [string, () => string, string, RegExp][] = [
    ['an HTML error page', () => `${hostile.http}/html/token`, 'HTTP_ERROR', /answered with an HTML page \(HTTP 502 Bad Gateway\), not JSON/],
    ['invalid JSON', () => `${hostile.http}/badjson/token`, 'HTTP_ERROR', /with a body that is not valid JSON/],
    ['a stall', () => `${hostile.http}/stall/token`, 'TIMEOUT', /within 500 ms/],
    ['a redirect (never followed for a POST)', () => `${hostile.http}/loop/token`, 'HTTP_ERROR', /answered HTTP 302/],
    ['a connection reset', () => `${hostile.http}/reset/token`, 'NETWORK', /connection reset/],
    ['an untrusted certificate', () => `${hostile.https}/token`, 'NETWORK', /TLS certificate .* is not trusted/],
  ];
  for (const [what, url, code, words] of cases) {
    it(`${what}: the run fails with ${code} and words`, async () => {
      const { value: run, ms } = await timed(() => runAgainst(url()));
      expect(run.status).toBe('failed');
      expect(run.error).toMatchObject({ code, message: expect.stringMatching(words) });
      expect(run.token).toBeUndefined();
      expect(ms).toBeLessThan(4000);
    });
  }

  it('a 200 MB token response: HTTP_ERROR with words, the body cut at the 1 MB cap for OAuth answers', async () => {
    const sentBefore = hostile.hugeBytesSent();
    const run = await runAgainst(`${hostile.http}/huge/token`);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'HTTP_ERROR', message: expect.stringMatching(/with a body that is not valid JSON \(Unterminated string in JSON at position 1048576\)/) });
    expect(hostile.hugeBytesSent() - sentBefore).toBeLessThan(HUGE_BODY_BYTES / 4);
  });

  // Was ~225 MB with the 20 MB default cap; OAuth answers are now read up to 1 MB.
  it('measures a token request answered with 200 MB', async () => {
    const { growthBytes, outcome } = await probeMemory('token', `${hostile.http}/huge/token`);
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'HTTP_ERROR' } });
    expect(growthBytes).toBeGreaterThan(0);
    measured.set('token', growthBytes);
  }, 60_000);
  it('a 200 MB token response stays within the 100 MB budget', withinBudget('token'));
});

describe('the bridge while a server stalls', () => {
  let bridge: TestBridge;
  beforeAll(async () => { bridge = await startTestBridge(); });
  afterAll(async () => { await bridge?.stop(); });

  it('answers other calls at once while discovery waits on a stalled server, then reports the stall', async () => {
    const saved = await bridge.call('profiles:save', { name: 'Stalling server', fhirBaseUrl: `${hostile.http}/stall/fhir`, authMethod: 'none' });
    expect(saved.json.ok).toBe(true);
    const pendingBefore = hostile.stalled.size;
    const discovery = bridge.call('discovery:run', { profileId: saved.json.value.id });
    await expect.poll(() => hostile.stalled.size).toBeGreaterThan(pendingBefore);
    for (let i = 0; i < 5; i++) {
      const { value: list, ms } = await timed(() => bridge.call('profiles:list', {}));
      expect(list.json.ok).toBe(true);
      expect(ms).toBeLessThan(1000);
    }
    expect((await bridge.call('app:get-status', {})).json.value.mode).toBe('browser');
    // End the stalls from the server side (the app's own timeout is 15 s; discovery then also tries
    // /metadata, which stalls too): the pending call then returns its words.
    const resetter = setInterval(() => hostile.resetStalls(), 20);
    const result = await discovery.finally(() => clearInterval(resetter));
    expect(result.status).toBe(200);
    expect(result.json.ok).toBe(true);
    expect(result.json.value.source).toBe('none');
    expect(result.json.value.wellKnown.problem).toMatch(/closed the connection before answering/);
  });

  it('discovery:cancel ends a discovery stalled on the server at once, with the problem "cancelled"', async () => {
    const saved = await bridge.call('profiles:save', { name: 'Stalling discovery', fhirBaseUrl: `${hostile.http}/stall/fhir`, authMethod: 'none' });
    const profileId = saved.json.value.id as string;
    const pendingBefore = hostile.stalled.size;
    const discovery = bridge.call('discovery:run', { profileId });
    await expect.poll(() => hostile.stalled.size).toBeGreaterThan(pendingBefore);
    await new Promise((r) => setTimeout(r, 100));
    const { value: result, ms } = await timed(async () => {
      const cancelled = await bridge.call('discovery:cancel', { profileId });
      expect(cancelled.json).toEqual({ ok: true, value: { profileId, cancelled: 1 } });
      return discovery;
    });
    expect(ms).toBeLessThan(1000);
    expect(result.json.value).toMatchObject({ cancelled: true, source: 'none', wellKnown: { problem: expect.stringMatching(/^Discovery was cancelled before .* answered\.$/) } });
  });

  it('tokens:cancel ends a client-credentials run stalled on the token endpoint at once, as cancelled', async () => {
    const saved = await bridge.call('profiles:save', {
      name: 'Stalling token endpoint', fhirBaseUrl: `${hostile.http}/stall/fhir`, tokenEndpoint: `${hostile.http}/stall/token`,
      authMethod: 'client-credentials-post', clientId: 'c1', scopes: 'system/*.rs',
    });
    const profileId = saved.json.value.id as string;
    expect((await bridge.call('secrets:set', { profileId, secret: 'client-secret-value' })).json.ok).toBe(true);
    const pendingBefore = hostile.stalled.size;
    const start = bridge.call('tokens:start', { profileId });
    await expect.poll(() => hostile.stalled.size).toBeGreaterThan(pendingBefore);
    await new Promise((r) => setTimeout(r, 100));
    // What the Tokens area does: find the run in flight through tokens:status, then cancel it.
    const lastRun = (await bridge.call('tokens:status', { profileId })).json.value.lastRun;
    expect(lastRun).toMatchObject({ status: 'exchanging', flow: 'client_credentials' });
    const { value: cancelled, ms } = await timed(() => bridge.call('tokens:cancel', { runId: lastRun.id }));
    expect(ms).toBeLessThan(1000);
    expect(cancelled.json.value).toMatchObject({ id: lastRun.id, status: 'cancelled', error: { code: 'CANCELLED' } });
    expect((await start).json.value).toMatchObject({ id: lastRun.id, status: 'cancelled' });
  });
});
