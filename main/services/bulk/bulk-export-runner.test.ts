import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REDACTED } from '../../../app/activity/redact.ts';
import type { BulkJob } from '../../../app/contract/bulk.ts';
import { AppFailure } from '../../../app/result/result.ts';
import { startSandbox, type Sandbox } from '../../sandbox/index.ts';
import { mainKit, makeProfile, profileLookup, SandboxTokens, type MainKit } from '../../testing/console-test-kit.ts';
import { BulkExportRunner, type StartInput } from './bulk-export-runner.ts';
import { dataDirExportFolders, type FolderPicker } from './folder-picker.ts';

/**
 * The Bulk Data runner against a started sandbox: the whole async pattern, downloads with the
 * token, previews, cancel, refusals. Waits are recorded and shortened, so Retry-After is
 * checked without sleeping for seconds.
 */
let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ export: { jobDelayMs: 150, maxFileBytes: 1_000_000 } });
}, 60_000);
afterAll(() => sb.stop());

/** Adds the sandbox's export-size header to kick-offs (what a real server's data size would be). */
let syntheticBytes = 0;
const sizedFetch: typeof fetch = (input, init) => {
  const url = String(input instanceof Request ? input.url : input);
  if (!syntheticBytes || !url.includes('$export')) return fetch(input, init);
  return fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), 'x-sandbox-export-bytes': String(syntheticBytes) } });
};

let kit: MainKit;
let tokens: SandboxTokens;
let runner: BulkExportRunner;
let events: BulkJob[];
let waits: number[];
let holdPolls: boolean;
let folders: FolderPicker;
beforeEach(() => {
  kit = mainKit(sizedFetch);
  tokens = new SandboxTokens(sb);
  events = [];
  waits = [];
  holdPolls = false;
  syntheticBytes = 0;
  folders = dataDirExportFolders(kit.dataDir);
  runner = new BulkExportRunner({
    http: kit.http, log: kit.log, tokens, clock: kit.clock,
    profiles: profileLookup(makeProfile({ id: 'sbx', fhirBaseUrl: sb.fhirBaseUrl }), makeProfile({ id: 'anon', fhirBaseUrl: sb.fhirBaseUrl, authMethod: 'none' })),
    events: { emit: (name, payload) => { if (name === 'bulk:progress') events.push(payload as BulkJob); } },
    folders: { chooseExportFolder: (name) => folders.chooseExportFolder(name) },
    sleep: (ms, signal) => new Promise((resolve, reject) => {
      waits.push(ms);
      if (holdPolls) { signal.addEventListener('abort', () => reject(new Error('aborted'))); return; }
      setTimeout(resolve, 20);
    }),
  });
});
afterEach(async () => {
  runner.dispose();
  await kit.cleanup();
});

const start = (input: Partial<StartInput>) => runner.start({ profileId: 'sbx', level: 'patient', types: [], typeFilters: [], ...input });
const complete = (id: string) => runner.waitFor(id, (j) => j.state !== 'in-progress' && j.state !== 'starting', 20_000);
const downloaded = (id: string) => runner.waitFor(id, (j) => !!j.download && j.download.state !== 'running', 30_000);
const authHeaders = async (purpose: string) => {
  const entries = await kit.log.list({ purpose });
  return Promise.all(entries.map(async (e) => (await kit.log.get(e.id)).requestHeaders.find((h) => h.name === 'Authorization')?.value));
};

describe('BulkExportRunner', () => {
  it('runs a Patient-level $export to completion, honouring Retry-After and reporting X-Progress', async () => {
    const job = await start({ types: ['Patient', 'Observation'] });
    expect(job.state).toBe('in-progress');
    expect(job.kickoffUrl).toBe(`${sb.fhirBaseUrl}/Patient/$export?_type=Patient,Observation`);
    expect(job.statusUrl).toMatch(new RegExp(`^${sb.origin}/bulk/status/`));
    const done = await complete(job.id);
    expect(done.state).toBe('complete');
    expect(done.manifest?.requiresAccessToken).toBe(true);
    expect(done.manifest?.output.find((o) => o.type === 'Patient')?.count).toBe(5);
    expect(done.polls).toBeGreaterThanOrEqual(2);
    expect(waits).toContain(1000); // the sandbox's Retry-After: 1
    const inProgress = events.find((e) => e.id === job.id && e.progress && e.progress.percent !== undefined && e.progress.percent < 100);
    expect(inProgress?.progress?.text).toMatch(/in progress \(\d+%\)/);
    expect(done.progress).toEqual({ text: 'Complete', percent: 100 });
    expect(new Set(await authHeaders('bulk'))).toEqual(new Set([`Bearer ${REDACTED}`]));
  });

  it('a Group export with _type and _typeFilter, and patients sent in a POST Parameters body', async () => {
    const filtered = await complete((await start({ level: 'group', groupId: 'diabetes-cohort', types: ['Observation'], typeFilters: ['Observation?code=4548-4'] })).id);
    expect(filtered.kickoffMethod).toBe('GET');
    expect(filtered.kickoffUrl).toBe(`${sb.fhirBaseUrl}/Group/diabetes-cohort/$export?_type=Observation&_typeFilter=Observation%3Fcode%3D4548-4`);
    const obs = (await runner.preview(filtered.id, filtered.manifest?.output[0]?.url ?? '', 200)).lines;
    expect(obs.length).toBeGreaterThan(0);
    expect(obs.every((l) => l.includes('"4548-4"'))).toBe(true);
    const one = await complete((await start({ level: 'group', groupId: 'diabetes-cohort', types: ['Patient'], patients: ['ben-baker'] })).id);
    expect(one).toMatchObject({ state: 'complete', kickoffMethod: 'POST', kickoffUrl: `${sb.fhirBaseUrl}/Group/diabetes-cohort/$export` });
    expect(JSON.parse(one.kickoffBody ?? '{}').parameter).toContainEqual({ name: 'patient', valueReference: { reference: 'Patient/ben-baker' } });
    expect(one.manifest?.output).toEqual([expect.objectContaining({ type: 'Patient', count: 1 })]);
    await expect(start({ level: 'system', patients: ['ben-baker'] })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/not to a system-level export/) });
  });

  it('sends a pasted token when asked (never renewed after a 401), redacted in the log', async () => {
    tokens.pasted = await new SandboxTokens(sb).getAccessToken('other').then((t) => t.accessToken);
    const job = await complete((await start({ types: ['Patient'], token: 'pasted' })).id);
    expect(job).toMatchObject({ state: 'complete', tokenSource: 'pasted' });
    expect(tokens.calls.filter((c) => c.source === 'pasted').length).toBeGreaterThanOrEqual(2);
    expect(tokens.calls.some((c) => c.forceNew)).toBe(false);
    tokens.pasted = 'not-a-token-the-sandbox-issued';
    const refused = await complete((await start({ types: ['Patient'], token: 'pasted' })).id);
    expect(refused).toMatchObject({ state: 'failed', error: { status: 401 } });
    expect(tokens.calls.some((c) => c.forceNew)).toBe(false);
    const logged = JSON.stringify(await Promise.all((await kit.log.list({ purpose: 'bulk' })).map((e) => kit.log.get(e.id))));
    expect(logged).not.toContain('not-a-token-the-sandbox-issued');
  });

  it('downloads every file with the token, streaming to .ndjson files, and previews from disk', async () => {
    const done = await complete((await start({ types: ['Patient', 'Condition'] })).id);
    const before = await runner.preview(done.id, done.manifest?.output[0]?.url ?? '', 2);
    expect(before).toMatchObject({ source: 'server', more: true });
    expect(before.lines).toHaveLength(2);
    await runner.download(done.id);
    const finished = await downloaded(done.id);
    expect(finished.download?.state).toBe('done');
    const folder = finished.download?.folder ?? '';
    expect(folder.startsWith(join(kit.dataDir, 'exports', 'export-2026-03-04T05-06-07'))).toBe(true);
    expect(readdirSync(folder).sort()).toEqual(['Condition-1.ndjson', 'Patient-1.ndjson']);
    const patients = readFileSync(join(folder, 'Patient-1.ndjson'), 'utf8').trim().split('\n');
    expect(patients.map((l) => (JSON.parse(l) as { resourceType: string }).resourceType)).toEqual(Array(5).fill('Patient'));
    const file = finished.download?.files.find((f) => f.type === 'Patient');
    expect(file).toMatchObject({ state: 'done', bytes: Buffer.byteLength(readFileSync(join(folder, 'Patient-1.ndjson'))) });
    const fromFile = await runner.preview(done.id, file?.url ?? '', 10);
    expect(fromFile).toEqual({ lines: patients, more: false, source: 'file' });
    const downloads = (await kit.log.list({ purpose: 'bulk' })).filter((e) => e.url.includes('/bulk/files/'));
    expect(downloads.every((e) => e.status === 200)).toBe(true);
    const entry = await kit.log.get(downloads.find((e) => e.url === file?.url)?.id ?? '');
    expect(entry.requestHeaders.find((h) => h.name === 'Authorization')?.value).toBe(`Bearer ${REDACTED}`);
    expect(entry.responseSize).toBe(file?.bytes);
  });

  it('streams a multi-file synthetic export, and a cancelled download leaves no partial files', async () => {
    syntheticBytes = 12_000_000;
    const done = await complete((await start({ types: ['Observation'] })).id);
    const synthetic = done.manifest?.output.filter((o) => o.url.includes('synthetic')) ?? [];
    expect(synthetic.length).toBeGreaterThanOrEqual(10);
    await runner.download(done.id);
    await runner.waitFor(done.id, (j) => (j.download?.files.filter((f) => f.state === 'done').length ?? 0) >= 2, 20_000);
    await runner.cancelDownload(done.id);
    const stopped = await downloaded(done.id);
    expect(stopped.download?.state).toBe('cancelled');
    const states = stopped.download?.files.map((f) => f.state) ?? [];
    expect(states).toContain('cancelled');
    const names = readdirSync(stopped.download?.folder ?? '');
    expect(names.some((f) => f.endsWith('.part'))).toBe(false);
    expect(names.length).toBe(states.filter((s) => s === 'done').length);
  });

  it('cancels a running export with DELETE; the server then forgets it', async () => {
    holdPolls = true;
    const job = await start({ level: 'system', types: ['Patient'] });
    const first = await runner.waitFor(job.id, (j) => j.polls >= 1 && j.nextPollAt !== undefined, 10_000);
    expect(first.state).toBe('in-progress');
    const cancelled = await runner.cancel(job.id);
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.error).toBeUndefined();
    const deletes = (await kit.log.list({ purpose: 'bulk' })).filter((e) => e.method === 'DELETE');
    expect(deletes.map((e) => e.status)).toEqual([202]);
    const after = await fetch(job.statusUrl ?? '', { headers: { authorization: `Bearer ${tokens.current}` } });
    expect(after.status).toBe(404);
  });

  it('turns a refused kick-off into a failed job with the server\'s OperationOutcome', async () => {
    const group = await start({ level: 'group', groupId: 'no-such-group' });
    expect(group.state).toBe('failed');
    expect(group.error).toMatchObject({ status: 404, message: expect.stringContaining('Group/no-such-group not found'), issues: [{ code: 'not-found' }] });
    const types = await start({ level: 'system', types: ['Unicorn'] });
    expect(types.error?.message).toMatch(/^The kick-off failed: 400 .*unknown resource types: Unicorn/);
  });

  it('does not blame a token it never sent: a 401 to an anonymous kick-off is diagnosed as no credentials', async () => {
    // Issue 14: the runner said "The token was rejected even after getting a new one." for a
    // profile that authenticates with "none" (main's code: fails on the message and on the diagnosis).
    const job = await runner.start({ profileId: 'anon', level: 'patient', types: [], typeFilters: [] });
    expect(job.state).toBe('failed');
    expect(job.error?.status).toBe(401);
    expect(job.error?.message).not.toMatch(/token was rejected/i);
    expect(job.error?.message).toMatch(/No access token was sent/);
    expect(job.error?.diagnosis?.headline?.rule).toBe('ERR-NO-AUTH-INFO');
    expect(tokens.calls).toEqual([]);
    const kickoff = (await kit.log.list({ purpose: 'bulk' }))[0];
    expect(kickoff?.headline?.rule).toBe('ERR-NO-AUTH-INFO');
  });

  it('gets a new token once when the kick-off answers 401', async () => {
    tokens.badFirst = true;
    const job = await start({ types: ['Patient'] });
    expect(job.state).toBe('in-progress');
    expect(tokens.calls.slice(0, 2).map((c) => c.forceNew)).toEqual([false, true]);
    expect((await complete(job.id)).state).toBe('complete');
  });

  it('downloads in-process through a replaced network (fetch) as well as through the download thread', async () => {
    const viaFetch = new BulkExportRunner({
      http: kit.http, log: kit.log, tokens, clock: kit.clock, fetch, folders: dataDirExportFolders(kit.dataDir), events: { emit: () => undefined },
      profiles: profileLookup(makeProfile({ id: 'sbx', fhirBaseUrl: sb.fhirBaseUrl }), makeProfile({ id: 'anon', fhirBaseUrl: sb.fhirBaseUrl, authMethod: 'none' })),
    });
    try {
      const done = await viaFetch.waitFor((await viaFetch.start({ profileId: 'sbx', level: 'patient', types: ['Patient'], typeFilters: [] })).id, (j) => j.state === 'complete', 20_000);
      await viaFetch.download(done.id);
      const finished = await viaFetch.waitFor(done.id, (j) => j.download?.state === 'done', 20_000);
      const lines = readFileSync(join(finished.download?.folder ?? '', 'Patient-1.ndjson'), 'utf8').trim().split('\n');
      expect(lines).toHaveLength(5);
    } finally {
      viaFetch.dispose();
    }
  });

  it('refuses to download before the manifest, and when no folder is chosen', async () => {
    holdPolls = true;
    const running = await start({ types: ['Patient'] });
    await expect(runner.download(running.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    await runner.cancel(running.id);
    holdPolls = false;
    const done = await complete((await start({ types: ['Patient'] })).id);
    folders = { chooseExportFolder: async () => undefined };
    const err = await runner.download(done.id).catch((e: unknown) => e as AppFailure);
    expect(err).toMatchObject({ code: 'CANCELLED', message: expect.stringContaining('No folder was chosen') });
    await expect(runner.preview(done.id, 'http://127.0.0.1:1/elsewhere', 5)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(existsSync(join(kit.dataDir, 'exports'))).toBe(false);
  });
});
