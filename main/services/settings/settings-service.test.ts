import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SettingsPatch } from '../../../app/settings/index.ts';
import { SettingsService } from './settings-service.ts';

let dir: string;
let emitted: unknown[];
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'fae-settings-')); emitted = []; });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });
const open = async () => {
  const s = new SettingsService({ dataDir: dir, events: { emit: (_e, p) => void emitted.push(p) } });
  await s.init();
  return s;
};

describe('SettingsService', () => {
  it('starts with the defaults: the run history keeps 1000 runs or 50 MB', async () => {
    expect(await (await open()).get()).toEqual({ runHistory: { maxRuns: 1000, maxMegabytes: 50 } });
  });

  it('a patch changes only its fields, is saved before it is answered, and is heard', async () => {
    const s = await open();
    const heard: unknown[] = [];
    s.onChange((x) => heard.push(x));
    expect(await s.update({ runHistory: { maxRuns: 200 } })).toEqual({ runHistory: { maxRuns: 200, maxMegabytes: 50 } });
    expect(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')).data).toEqual({ runHistory: { maxRuns: 200, maxMegabytes: 50 } });
    expect(heard).toHaveLength(1);
    expect(emitted).toEqual([{ runHistory: { maxRuns: 200, maxMegabytes: 50 } }]);
    expect(await (await open()).get()).toEqual({ runHistory: { maxRuns: 200, maxMegabytes: 50 } });
  });

  it('concurrent patches of different fields both survive', async () => {
    const s = await open();
    await Promise.all([s.update({ runHistory: { maxRuns: 300 } }), s.update({ runHistory: { maxMegabytes: 5 } })]);
    expect(await (await open()).get()).toEqual({ runHistory: { maxRuns: 300, maxMegabytes: 5 } });
  });

  it('the contract refuses limits out of range and unknown sections', () => {
    expect(SettingsPatch.safeParse({ runHistory: { maxRuns: 0 } }).success).toBe(false);
    expect(SettingsPatch.safeParse({ runHistory: { maxMegabytes: -1 } }).success).toBe(false);
    expect(SettingsPatch.safeParse({ proxy: { url: 'x' } }).success).toBe(false);
  });

  it('a file from a newer version with a section this one does not know still loads its known sections', async () => {
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ version: 1, data: { runHistory: { maxRuns: 77 }, network: { proxy: 'http://p' } } }));
    expect(await (await open()).get()).toEqual({ runHistory: { maxRuns: 77, maxMegabytes: 50 } });
  });
});
