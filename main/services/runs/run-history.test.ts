import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunHistory, type HistoryLimits, type RunToKeep } from './run-history.ts';

/**
 * The run history on a real folder: kept across restarts, bounded by count and by bytes (oldest
 * out first, the newest always kept), limits changed at run time, files always whole.
 */

let dir: string;
let limits: HistoryLimits;
const problems: string[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fae-runs-'));
  limits = { maxRuns: 1000, maxBytes: 50 * 1024 * 1024 };
  problems.length = 0;
});
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

const open = async () => {
  const h = new RunHistory({ dataDir: dir, limits: () => limits, onProblem: (m) => void problems.push(m) });
  await h.init();
  return h;
};
const run = (n: number, extra: Partial<RunToKeep> = {}): RunToKeep => ({
  kind: 'token', id: `run-${String(n).padStart(4, '0')}`, profileId: n % 2 ? 'odd' : 'even', title: `run ${n}`, outcome: 'succeeded',
  startedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(), run: { n, steps: [] }, ...extra,
});
const runFiles = async () => (await readdir(join(dir, 'runs'))).filter((f) => f.startsWith('run-')).sort();

describe('RunHistory', () => {
  it('keeps more than the 50 runs main used to keep, across a restart, newest first', async () => {
    const h = await open();
    for (let i = 1; i <= 120; i++) await h.record(run(i));
    const again = await open();
    const all = await again.list({ limit: 1000 });
    expect(all.count).toBe(120);
    expect(all.entries.map((e) => e.id).slice(0, 2)).toEqual(['run-0120', 'run-0119']);
    expect(all.entries.at(-1)?.id).toBe('run-0001');
    expect(await again.get('run-0001')).toMatchObject({ entry: { id: 'run-0001', kind: 'token', title: 'run 1' }, run: { n: 1 } });
    expect((await again.list({ profileId: 'odd', limit: 1000 })).entries).toHaveLength(60);
    expect(await runFiles()).toHaveLength(120);
  });

  it('drops the oldest runs past maxRuns, with their files', async () => {
    limits.maxRuns = 10;
    const h = await open();
    for (let i = 1; i <= 25; i++) await h.record(run(i));
    const { entries, count } = await h.list({ limit: 100 });
    expect(count).toBe(10);
    expect(entries.map((e) => e.id).at(-1)).toBe('run-0016');
    expect(await runFiles()).toEqual(entries.map((e) => `${e.id}.json`).sort());
    await expect(h.get('run-0001')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('drops the oldest runs past maxBytes, and always keeps the newest even when it alone is larger', async () => {
    const big = 'x'.repeat(10_000);
    limits.maxBytes = 45_000;
    const h = await open();
    for (let i = 1; i <= 10; i++) await h.record(run(i, { run: { big } }));
    const listing = await h.list();
    expect(listing.count).toBe(4);
    expect(listing.bytes).toBeLessThanOrEqual(45_000);
    expect(listing.entries[0]?.bytes).toBeGreaterThan(10_000);
    limits.maxBytes = 1000;
    await h.record(run(11, { run: { big } }));
    expect((await h.list()).entries.map((e) => e.id)).toEqual(['run-0011']);
  });

  it('applies new limits at once', async () => {
    const h = await open();
    for (let i = 1; i <= 30; i++) await h.record(run(i));
    limits.maxRuns = 12;
    await h.applyLimits();
    expect((await h.list()).count).toBe(12);
    expect(await runFiles()).toHaveLength(12);
  });

  it('records of one run replace it; concurrent records all land', async () => {
    const h = await open();
    await Promise.all(Array.from({ length: 40 }, (_, i) => h.record(run(i + 1))));
    await Promise.all([h.record(run(5, { outcome: 'failed', headline: { rule: 'ERR-INVALID-CLIENT', severity: 'info', message: 'x' } })), h.record(run(41))]);
    const { entries, count } = await h.list({ limit: 100 });
    expect(count).toBe(41);
    expect(entries.find((e) => e.id === 'run-0005')).toMatchObject({ outcome: 'failed', headline: { rule: 'ERR-INVALID-CLIENT' } });
    expect((await h.get('run-0005')).entry.outcome).toBe('failed');
  });

  it('the files are whole JSON another process can read: the index, and each run', async () => {
    const h = await open();
    await h.record(run(1));
    const index = JSON.parse(await readFile(join(dir, 'runs', 'index.json'), 'utf8'));
    expect(index.data.entries[0]).toMatchObject({ id: 'run-0001', kind: 'token' });
    const file = JSON.parse(await readFile(join(dir, 'runs', 'run-0001.json'), 'utf8'));
    expect(file).toMatchObject({ version: 1, data: { entry: { id: 'run-0001' }, run: { n: 1 } } });
    expect(index.data.entries[0].bytes).toBeGreaterThanOrEqual(Buffer.byteLength(JSON.stringify(file)));
  });

  it('removes run files the index does not name (a crash between the two writes) and stale temp files', async () => {
    const h = await open();
    await h.record(run(1));
    await writeFile(join(dir, 'runs', 'run-9999.json'), '{}');
    await writeFile(join(dir, 'runs', '.run-0002.tmp-abcd'), '{');
    await open();
    expect(await runFiles()).toEqual(['run-0001.json']);
    expect((await readdir(join(dir, 'runs'))).some((f) => f.includes('.tmp-'))).toBe(false);
  });

  it('a run that cannot be kept is said once, never thrown at the run', async () => {
    const h = await open();
    await expect(h.record(run(1, { id: '../escape' }))).resolves.toBeUndefined();
    await h.record(run(2, { id: 'bad/id' }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/could not be added to the run history/);
    await h.record(run(3));
    expect((await h.list()).count).toBe(1);
  });
});
