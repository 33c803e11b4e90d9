import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppFailure } from '../../app/result/result.ts';
import { AtomicJsonFile, type AtomicJsonFileOptions } from './atomic-json-file.ts';
import { nodeFs, type FsPort } from './fs-port.ts';

/**
 * The store every persisted document goes through: atomic saves, and loads that never
 * overwrite or silently drop a file they cannot read.
 */
const Items = z.array(z.object({ n: z.number() }));
type Items = z.infer<typeof Items>;

let dir: string;
let path: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fae-store-'));
  path = join(dir, 'items.json');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const store = (extra: Partial<AtomicJsonFileOptions<Items>> = {}) =>
  new AtomicJsonFile<Items>({ path, version: 2, schema: Items, empty: () => [], ...extra });

/** An FsPort that throws at one step, to prove a failed save leaves the old document intact. */
const failingAt = (step: keyof FsPort, extra: Partial<FsPort> = {}): FsPort => ({
  ...nodeFs,
  [step]: async () => { throw Object.assign(new Error(`injected failure at ${step}`), { code: 'EIO' }); },
  ...extra,
});

const envelope = (version: number, data: unknown) => JSON.stringify({ version, savedAt: '2026-01-01T00:00:00.000Z', data });
const files = async () => (await readdir(dir)).sort();

describe('save and load', () => {
  it('starts fresh and empty when nothing was saved', async () => {
    expect(await store().load()).toEqual({ data: [], outcome: { kind: 'fresh' } });
  });

  it('round-trips a document through a versioned envelope', async () => {
    await store().save([{ n: 1 }, { n: 2 }]);
    expect(await store().load()).toEqual({ data: [{ n: 1 }, { n: 2 }], outcome: { kind: 'loaded' } });
    const onDisk = JSON.parse(await readFile(path, 'utf8'));
    expect(onDisk).toMatchObject({ version: 2, data: [{ n: 1 }, { n: 2 }] });
    expect(typeof onDisk.savedAt).toBe('string');
  });

  it('writes the file readable by the owner only', async () => {
    await store().save([{ n: 1 }]);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('keeps the previous version as .bak and leaves no temp files', async () => {
    const s = store();
    await s.save([{ n: 1 }]);
    await s.save([{ n: 2 }]);
    expect(JSON.parse(await readFile(`${path}.bak`, 'utf8')).data).toEqual([{ n: 1 }]);
    expect(await files()).toEqual(['items.json', 'items.json.bak']);
  });

  it('serializes concurrent saves so the last call wins', async () => {
    const s = store();
    await Promise.all([s.save([{ n: 1 }]), s.save([{ n: 2 }]), s.save([{ n: 3 }])]);
    expect((await store().load()).data).toEqual([{ n: 3 }]);
  });

  it('upgrades an older document with migrate', async () => {
    await writeFile(path, envelope(1, { list: [5, 6] }));
    const s = store({ migrate: (data, from) => (from === 1 ? (data as { list: number[] }).list.map((n) => ({ n })) : data) });
    expect(await s.load()).toEqual({ data: [{ n: 5 }, { n: 6 }], outcome: { kind: 'loaded' } });
  });

  it('loads the backup when the main file is missing', async () => {
    await writeFile(`${path}.bak`, envelope(2, [{ n: 9 }]));
    expect(await store().load()).toEqual({ data: [{ n: 9 }], outcome: { kind: 'loaded' } });
  });
});

describe('recovery on load', () => {
  it('moves a corrupt file aside untouched and restores the backup', async () => {
    await writeFile(path, '{"version": 2, "data": [ {"n": 1}, ');
    await writeFile(`${path}.bak`, envelope(2, [{ n: 7 }]));
    const { data, outcome } = await store().load();
    expect(data).toEqual([{ n: 7 }]);
    expect(outcome).toMatchObject({ kind: 'recovered', restoredFromBackup: true, reason: expect.stringContaining('not valid JSON') });
    if (outcome.kind !== 'recovered') throw new Error('unreachable');
    expect(outcome.movedAside).toMatch(/items\.json\.corrupt-/);
    expect(await readFile(outcome.movedAside, 'utf8')).toBe('{"version": 2, "data": [ {"n": 1}, ');

    // The next save writes a new main file; the moved-aside copy stays as it was.
    await store().save([{ n: 8 }]);
    expect(await readFile(outcome.movedAside, 'utf8')).toBe('{"version": 2, "data": [ {"n": 1}, ');
    expect((await store().load()).data).toEqual([{ n: 8 }]);
  });

  it('starts empty, and says so, when the file is corrupt and no backup exists', async () => {
    await writeFile(path, 'not json at all');
    const { data, outcome } = await store().load();
    expect(data).toEqual([]);
    expect(outcome).toMatchObject({ kind: 'recovered', restoredFromBackup: false });
    expect((await files()).some((f) => f.startsWith('items.json.corrupt-'))).toBe(true);
    expect(await files()).not.toContain('items.json');
  });

  it('moves aside a document that does not match the schema or has no envelope', async () => {
    await writeFile(path, envelope(2, [{ n: 'one' }]));
    expect((await store().load()).outcome).toMatchObject({ kind: 'recovered', reason: expect.stringContaining('expected format') });
    await writeFile(path, JSON.stringify([{ n: 1 }]));
    expect((await store().load()).outcome).toMatchObject({ kind: 'recovered', reason: expect.stringContaining('no version/data') });
  });

  it('refuses a file written by a newer version: moved aside with its content, not loaded', async () => {
    const newer = envelope(3, [{ n: 1, future: true }]);
    await writeFile(path, newer);
    const { data, outcome } = await store().load();
    expect(data).toEqual([]);
    expect(outcome).toMatchObject({ kind: 'recovered', reason: expect.stringContaining('newer version') });
    if (outcome.kind !== 'recovered') throw new Error('unreachable');
    expect(await readFile(outcome.movedAside, 'utf8')).toBe(newer);
  });

  it('removes stale temp files left by a crashed save, and nothing else', async () => {
    await store().save([{ n: 1 }]);
    await writeFile(join(dir, '.items.json.tmp-abc123'), 'half-written');
    await writeFile(join(dir, '.items.json.tmp-def456'), '');
    await writeFile(join(dir, 'other.json'), '{}');
    expect((await store().load()).data).toEqual([{ n: 1 }]);
    expect(await files()).toEqual(['items.json', 'other.json']);
  });
});

describe('failed saves keep the old document', () => {
  const steps: (keyof FsPort)[] = ['writeFileSynced', 'copyFile', 'rename'];

  it.each(steps)('a failure at %s rejects with STORE_IO and the old content still loads', async (step) => {
    await store().save([{ n: 1 }]);
    const broken = store({ fs: failingAt(step) });
    const error = await broken.save([{ n: 2 }]).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(AppFailure);
    expect((error as AppFailure).code).toBe('STORE_IO');
    expect((error as AppFailure).message).toMatch(/previous data is unchanged/);
    expect((await files()).filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect(await store().load()).toEqual({ data: [{ n: 1 }], outcome: { kind: 'loaded' } });
  });

  it('a crash between writing the temp file and the rename leaves the old content and a temp file the next load removes', async () => {
    await store().save([{ n: 1 }]);
    const crashing = store({ fs: failingAt('rename', { unlink: async () => { throw new Error('process died'); } }) });
    await expect(crashing.save([{ n: 2 }])).rejects.toMatchObject({ code: 'STORE_IO' });
    expect((await files()).some((f) => f.startsWith('.items.json.tmp-'))).toBe(true);
    expect(await store().load()).toEqual({ data: [{ n: 1 }], outcome: { kind: 'loaded' } });
    expect((await files()).some((f) => f.includes('.tmp-'))).toBe(false);
  });

  it('a write that dies half-way never touches the current file', async () => {
    await store().save([{ n: 1 }]);
    const halfWriting = store({
      fs: { ...nodeFs, writeFileSynced: async (p, data, mode) => { await writeFile(p, data.slice(0, 10), { mode }); throw new Error('ENOSPC'); } },
    });
    await expect(halfWriting.save([{ n: 2 }])).rejects.toMatchObject({ code: 'STORE_IO' });
    expect(await files()).toEqual(['items.json']);
    expect(await store().load()).toEqual({ data: [{ n: 1 }], outcome: { kind: 'loaded' } });
  });

  it('a failed save does not block later saves on the same store', async () => {
    let fail = true;
    const s = store({ fs: { ...nodeFs, rename: (a, b) => (fail ? Promise.reject(new Error('disk full')) : nodeFs.rename(a, b)) } });
    await expect(s.save([{ n: 1 }])).rejects.toMatchObject({ code: 'STORE_IO' });
    fail = false;
    await s.save([{ n: 2 }]);
    expect((await store().load()).data).toEqual([{ n: 2 }]);
  });

  it('a first save works when there is no file to back up yet', async () => {
    await store().save([{ n: 4 }]);
    expect(await files()).toEqual(['items.json']);
  });
});
