/**
 * Bulk Data benchmark: download a ~1 GB export from the sandbox with the app's runner and
 * compare throughput with curl on the same files, and report the runner's peak memory growth.
 *
 * Why: exports are where the app moves the most data; downloads must stream (no whole file in
 * memory) and keep up with curl. Targets: throughput >= 0.8x curl; peak RSS growth < 50 MB.
 *
 * Run: node --experimental-websocket --import tsx --expose-gc bench/bulk/run.ts [--mb 1024]
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createFetchHttpClient } from '../../main/http/fetch-http-client.ts';
import { ActivityLog } from '../../main/services/activity/activity-log.ts';
import { BulkExportRunner } from '../../main/services/bulk/bulk-export-runner.ts';
import { dataDirExportFolders } from '../../main/services/bulk/folder-picker.ts';
import type { AccessToken } from '../../main/services/tokens/token-provider.ts';
import { makeProfile, profileLookup } from '../../main/testing/console-test-kit.ts';
import { createFakeCipher } from '../../main/testing/fake-cipher.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({ options: { mb: { type: 'string', default: '1024' } } });
const exportBytes = Math.round(Number(values.mb) * 1024 * 1024);
const mbps = (bytes: number, ms: number) => (bytes / 1024 / 1024 / (ms / 1000)).toFixed(0);

// The sandbox, in its own process.
const child = spawn(process.execPath, ['--experimental-websocket', '--import', 'tsx', join(root, 'bench/bulk/sandbox-process.ts')], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
const first = await new Promise<string>((res) => createInterface({ input: child.stdout }).once('line', res));
const sb = JSON.parse(first) as { fhirBaseUrl: string; tokenEndpoint: string };

let token: AccessToken | undefined;
const tokens = {
  async getAccessToken(_id: string, opts?: { forceNew?: boolean }): Promise<AccessToken> {
    if (token && !opts?.forceNew) return token;
    const res = await fetch(sb.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from('demo-secret-client:demo-secret-client-secret').toString('base64')}` },
      body: 'grant_type=client_credentials&scope=system%2F*.rs',
    });
    const json = (await res.json()) as { access_token: string; token_type: string };
    token = { accessToken: json.access_token, tokenType: json.token_type };
    return token;
  },
};
// A real server's data size is its own business; the sandbox takes it as a header.
const sizedFetch: typeof fetch = (input, init) => String(input).includes('$export')
  ? fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), 'x-sandbox-export-bytes': String(exportBytes) } })
  : fetch(input, init);

const work = mkdtempSync(join(tmpdir(), 'fae-bench-bulk-'));
const clock = { now: () => Date.now() };
const log = new ActivityLog({ dataDir: work, cipher: createFakeCipher(), clock, events: { emit: () => undefined } });
const runner = new BulkExportRunner({
  http: createFetchHttpClient({ fetch: sizedFetch, clock, log }), log, tokens, clock, events: { emit: () => undefined },
  profiles: profileLookup(makeProfile({ id: 'bench', fhirBaseUrl: sb.fhirBaseUrl })), folders: dataDirExportFolders(work),
});

try {
  const started = await runner.start({ profileId: 'bench', level: 'system', types: ['Observation'], typeFilters: [] });
  const done = await runner.waitFor(started.id, (j) => j.state !== 'in-progress' && j.state !== 'starting', 60_000);
  if (done.state !== 'complete' || !done.manifest) throw new Error(`export did not complete: ${JSON.stringify(done.error)}`);
  const files = done.manifest.output;
  const gc = (globalThis as { gc?: () => void }).gc;

  /** One download with the app's runner; RSS sampled every 20 ms. */
  const appRun = async () => {
    gc?.();
    const baseline = process.memoryUsage.rss();
    let peak = baseline;
    const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 20);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await runner.download(done.id);
    const finished = await runner.waitFor(done.id, (j) => !!j.download && j.download.state !== 'running', 600_000);
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage.rss());
    if (finished.download?.state !== 'done') throw new Error(`download ${finished.download?.state}: ${JSON.stringify(finished.download?.files.filter((f) => f.error))}`);
    const folder = finished.download.folder;
    const bytes = readdirSync(folder).reduce((n, f) => n + statSync(join(folder, f)).size, 0);
    rmSync(folder, { recursive: true, force: true });
    return { ms, bytes, growth: peak - baseline, baseline, cpuMs: (cpu.user + cpu.system) / 1000 };
  };
  /** The same files with curl, one after another, to disk. */
  const curlRun = () => {
    const dir = mkdtempSync(join(work, 'curl-'));
    let cpuMs = 0;
    const t0 = performance.now();
    for (const [i, f] of files.entries()) {
      const r = spawnSync('/usr/bin/time', ['-f', '%U %S', 'curl', '-sS', '--fail', '-o', join(dir, `${i}.ndjson`), '-H', `Authorization: Bearer ${token?.accessToken}`, '-H', 'Accept: application/fhir+ndjson', f.url]);
      if (r.status !== 0) throw new Error(`curl failed: ${r.stderr.toString()}`);
      const [user = 0, sys = 0] = r.stderr.toString().trim().split('\n').at(-1)?.split(' ').map(Number) ?? [];
      cpuMs += (user + sys) * 1000;
    }
    const ms = performance.now() - t0;
    const bytes = readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
    rmSync(dir, { recursive: true, force: true });
    return { ms, bytes, cpuMs };
  };

  // Warm both sides (the sandbox's generator and our code) with one file, then alternate.
  spawnSync('curl', ['-sS', '-o', '/dev/null', '-H', `Authorization: Bearer ${token?.accessToken}`, files[0]?.url ?? '']);
  const app: Awaited<ReturnType<typeof appRun>>[] = [];
  const curl: ReturnType<typeof curlRun>[] = [];
  for (let round = 0; round < 3; round++) {
    if (round % 2 === 0) { app.push(await appRun()); curl.push(curlRun()); } else { curl.push(curlRun()); app.push(await appRun()); }
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  const bytes = app[0]?.bytes ?? 0;
  const curlBytes = curl[0]?.bytes ?? 0;
  const appMs = med(app.map((r) => r.ms));
  const curlMs = med(curl.map((r) => r.ms));
  const growth = Math.max(...app.map((r) => r.growth));
  const baseline = app[0]?.baseline ?? 0;
  console.log(`Export: ${files.length} NDJSON files, ${(bytes / 1024 / 1024).toFixed(0)} MB (curl got ${(curlBytes / 1024 / 1024).toFixed(0)} MB)`);
  console.log(`App runner: median ${(appMs / 1000).toFixed(2)} s, ${mbps(bytes, appMs)} MB/s (runs: ${app.map((r) => `${mbps(r.bytes, r.ms)}`).join(', ')} MB/s)`);
  console.log(`curl:       median ${(curlMs / 1000).toFixed(2)} s, ${mbps(curlBytes, curlMs)} MB/s (runs: ${curl.map((r) => `${mbps(r.bytes, r.ms)}`).join(', ')} MB/s)`);
  console.log(`CPU per GB: app ${Math.round(med(app.map((r) => r.cpuMs / (r.bytes / 2 ** 30))))} ms, curl ${Math.round(med(curl.map((r) => r.cpuMs / (r.bytes / 2 ** 30))))} ms (the sandbox serving the files runs in its own process on the same 2 cores)`);
  console.log(`Throughput ratio app/curl: ${((bytes / appMs) / (curlBytes / curlMs)).toFixed(2)} (target >= 0.8)`);
  console.log(`Peak RSS growth during a download (worst of ${app.length}): ${(growth / 1024 / 1024).toFixed(1)} MB (runs: ${app.map((r) => (r.growth / 1024 / 1024).toFixed(1)).join(', ')} MB; baseline ${(baseline / 1024 / 1024).toFixed(0)} MB; the download thread started at kick-off, before the baseline; target < 50 MB)`);
} finally {
  runner.dispose();
  await log.flush();
  child.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
