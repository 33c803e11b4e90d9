/**
 * Measures the peak memory of one request path in a fresh process:
 * `node --import tsx test/support/memory-probe.ts <scenario> <url>` prints JSON
 * `{ growthBytes, outcome }` on its last line.
 *
 * Why a child process: in the test worker, RSS carries every earlier test's heap, and sampling
 * RSS from a timer misses peaks while the event loop is busy. Here the baseline is clean and the
 * peak is the kernel's own high-water mark (`resourceUsage().maxRSS`).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFetchHttpClient } from '../../main/http/fetch-http-client.ts';
import { ActivityLog } from '../../main/services/activity/activity-log.ts';
import { DiscoveryService } from '../../main/services/discovery/discovery-service.ts';
import { TokenService } from '../../main/services/tokens/token-service.ts';
import { rendererBrowserOpener } from '../../main/services/tokens/ports.ts';
import { createFakeSigner } from '../../main/testing/fake-assertion-signer.ts';
import { createFakeCipher } from '../../main/testing/fake-cipher.ts';
import { makeProfile, MemoryProfileStore } from '../../main/testing/memory-profile-store.ts';

/** The request paths a probe can measure. */
export type MemoryScenario = 'http-default-cap' | 'http-document-cap' | 'discovery' | 'token';

const [scenario, url] = process.argv.slice(2) as [MemoryScenario, string];
const clock = { now: () => Date.parse('2026-06-07T08:09:10.000Z') };
const dir = await mkdtemp(join(tmpdir(), 'fae-memory-'));
const log = new ActivityLog({ dataDir: dir, cipher: createFakeCipher(), clock, events: { emit: () => undefined } });
await log.init();
const http = createFetchHttpClient({ clock, log });
const profiles = new MemoryProfileStore();
const discovery = new DiscoveryService({ http, profiles, clock, timeoutMs: 20_000 });
const tokens = new TokenService({
  http, clock, events: { emit: () => undefined }, profiles, discovery, signer: await createFakeSigner(),
  secrets: { getSecret: async () => 'client-secret-value' }, browser: rendererBrowserOpener, tokenTimeoutMs: 20_000,
});

// Warm up every path on a tiny answer, so lazily loaded code and pools are not counted.
const okUrl = `${new URL(url).origin}/ok`;
await http.send({ method: 'GET', url: okUrl, purpose: 'other' });
await log.list();
const base = process.memoryUsage().rss;

let outcome: unknown;
if (scenario === 'http-default-cap' || scenario === 'http-document-cap') {
  const res = await http.send({ method: 'GET', url, purpose: 'bulk', timeoutMs: 20_000, ...(scenario === 'http-document-cap' ? { maxBodyBytes: 5 * 1024 * 1024 } : {}) });
  outcome = { bodySize: res.bodySize, truncated: res.bodyTruncated };
} else if (scenario === 'discovery') {
  const p = await profiles.save(makeProfile({ id: undefined, fhirBaseUrl: `${url}/fhir`, authMethod: 'none', clientId: '' }));
  const r = await discovery.run(p.id);
  outcome = { source: r.source, problem: r.wellKnown.problem?.slice(0, 200) };
} else {
  const p = await profiles.save(makeProfile({ id: undefined, tokenEndpoint: url, authMethod: 'client-credentials-post', clientId: 'c1' }));
  const run = await tokens.start({ profileId: p.id });
  outcome = { status: run.status, error: run.error };
}
await log.list(); // the activity log's redaction runs after the response: include it
const growthBytes = process.resourceUsage().maxRSS * 1024 - base;
tokens.dispose();
await log.flush();
await rm(dir, { recursive: true, force: true });
console.log(JSON.stringify({ growthBytes, outcome }));
