import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileInput } from '../app/profiles/schema.ts';
import { createMainServices } from '../main/compose.ts';
import { KeyService } from '../main/services/keys/key-service.ts';
import { ProfileService } from '../main/services/profiles/profile-service.ts';
import { SecretService } from '../main/services/secrets/secret-service.ts';
import type { LoadOutcome } from '../main/stores/atomic-json-file.ts';
import type { FsPort } from '../main/stores/fs-port.ts';
import { createFakeCipher } from '../main/testing/fake-cipher.ts';
import { createCrashingFs, seededRandom, SimulatedCrash } from './support/crashing-fs.ts';

/**
 * Power loss at every step of a save, 1000 times per store: the profile, key and secret
 * services, built as the app builds them but over a file system that dies mid-save, always
 * reopen with exactly the content before the operation or exactly the content after it.
 * A corrupt file (which crashes cannot produce, but disks and hands can) is reported, moved
 * aside byte for byte, and the backup is used.
 */
const CYCLES = 1000;
const SEED = 0x5eed_c0de;
const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
const cipher = createFakeCipher();
let t = Date.parse('2026-04-05T06:07:08.000Z');
const clock = { now: () => (t += 1000) };
const events = { emit: () => undefined };
const PROFILE_IDS = ['p-1', 'p-2', 'p-3', 'p-4'];

interface Store<S> {
  file: string;
  open(dir: string, fs?: FsPort): Promise<{ service: S; outcome: LoadOutcome }>;
  /** What the user can see of the stored content. */
  view(service: S): Promise<unknown>;
  /** One random change, chosen from what the store holds now. */
  change(service: S, random: () => number, now: unknown): Promise<unknown>;
}

const pick = <T>(xs: readonly T[], random: () => number): T => xs[Math.floor(random() * xs.length)]!;
const word = (random: () => number) => `w${Math.floor(random() * 1e9).toString(36)}`;

const profiles: Store<ProfileService> = {
  file: 'profiles.json',
  async open(dataDir, fs) {
    const service = new ProfileService({ dataDir, clock, events, fs });
    return { service, outcome: await service.init() };
  },
  view: (s) => s.list(),
  async change(s, random, now) {
    const list = now as { id: string; name: string }[];
    const kind = list.length === 0 ? 0 : Math.floor(random() * 4);
    if (kind === 0) return s.save(ProfileInput.parse({ name: word(random), fhirBaseUrl: 'http://127.0.0.1:9/fhir', authMethod: 'none', notes: word(random) }));
    const target = pick(list, random);
    if (kind === 1) return s.save(ProfileInput.parse({ ...target, name: word(random) }));
    if (kind === 2) return s.duplicate(target.id);
    return s.remove(target.id);
  },
};

const keys: Store<KeyService> = {
  file: 'keys.json',
  async open(dataDir, fs) {
    const service = new KeyService({ dataDir, clock, cipher, events, fs });
    return { service, outcome: await service.init() };
  },
  view: (s) => s.list(),
  async change(s, random, now) {
    const list = now as { id: string }[];
    const kind = list.length === 0 ? 0 : Math.floor(random() * 3);
    if (kind === 0) return s.generate({ alg: pick(['ES256', 'ES384'] as const, random), name: word(random) });
    const target = pick(list, random);
    if (kind === 1) return s.update({ id: target.id, name: word(random), kid: word(random) });
    return s.remove(target.id);
  },
};

const secrets: Store<SecretService> = {
  file: 'secrets.json',
  async open(dataDir, fs) {
    const service = new SecretService({ dataDir, clock, cipher, fs });
    return { service, outcome: await service.init() };
  },
  async view(s) {
    return Object.fromEntries(await Promise.all(PROFILE_IDS.map(async (id) => [id, await s.getSecret(id)] as const)));
  },
  change(s, random) {
    const id = pick(PROFILE_IDS, random);
    return random() < 0.7 ? s.set(id, `secret-${word(random)}`) : s.clear(id);
  },
};

let root: string;
beforeAll(async () => { root = await mkdtemp(join(base, 'fae-crash-')); });
afterAll(async () => { await rm(root, { recursive: true, force: true }); });

/** What a fresh service shows when its file holds exactly `doc`. */
async function viewOf<S>(store: Store<S>, doc: string): Promise<unknown> {
  const dir = await mkdtemp(join(root, 'doc-'));
  await writeFile(join(dir, store.file), doc);
  const { service, outcome } = await store.open(dir);
  expect(outcome.kind).toBe('loaded');
  const view = await store.view(service);
  await rm(dir, { recursive: true, force: true });
  return view;
}

async function crashCycles<S>(name: string, store: Store<S>, seed: number, cycles = CYCLES): Promise<{ crashes: Record<string, number>; completed: number }> {
  const dataDir = await mkdtemp(join(root, `${name}-`));
  const random = seededRandom(seed);
  const crashes: Record<string, number> = {};
  let completed = 0;
  let before = await store.view((await store.open(dataDir)).service);
  for (let cycle = 0; cycle < cycles; cycle++) {
    const where = `${name} cycle ${cycle} (seed ${seed})`;
    const fs = createCrashingFs({ crashAt: Math.floor(random() * 9), random });
    const { service } = await store.open(dataDir, fs);
    fs.arm();
    const error = await store.change(service, random, before).then(() => undefined, (e: unknown) => e);
    if (fs.crashed) {
      // A crash surfaces as the store's own error (AppFailure) or the crash itself; never anything else.
      expect(error, where).toBeDefined();
      crashes[fs.crashed.step] = (crashes[fs.crashed.step] ?? 0) + 1;
    } else {
      expect(error, where).toBeUndefined();
      completed++;
    }
    // The process is gone; a new one opens the folder with a healthy file system.
    const reopened = await store.open(dataDir);
    expect(reopened.outcome.kind, where).not.toBe('recovered');
    const after = await store.view(reopened.service);
    const doc = fs.written.find((w) => basename(w.path).startsWith(`.${store.file}.tmp-`))?.data;
    const intended = doc === undefined ? undefined : await viewOf(store, doc);
    if (fs.crashed) {
      if (JSON.stringify(after) !== JSON.stringify(before)) expect(after, `${where}: neither old nor new after a crash at ${fs.crashed.step}`).toEqual(intended);
    } else {
      // A change that needed no save (clearing an unset secret) must leave the content as it was.
      expect(after, `${where}: a completed save must be durable`).toEqual(doc === undefined ? before : intended);
    }
    before = after;
  }
  // Leftover temp files of crashed saves are removed by the next load.
  expect((await readdir(dataDir)).filter((n) => n.includes('.tmp-'))).toEqual([]);
  return { crashes, completed };
}

describe('a crash at any step of a save leaves the old or the new content, never neither', () => {
  for (const [name, store, seed] of [['profiles', profiles, SEED], ['keys', keys, SEED + 1], ['secrets', secrets, SEED + 2]] as const) {
    it(`${name}: ${CYCLES} random save/crash cycles`, async () => {
      const { crashes, completed } = await crashCycles(name, store as Store<unknown>, seed);
      // Every step of the save was hit, and some saves completed, so both outcomes were checked.
      expect(Object.keys(crashes).sort()).toEqual(['after-rename', 'copy', 'fsync', 'mkdir', 'rename', 'sync-dir', 'write']);
      for (const [step, n] of Object.entries(crashes)) expect(n, step).toBeGreaterThan(CYCLES / 40);
      expect(completed).toBeGreaterThan(CYCLES / 10);
    }, 60_000);
  }

  it('the harness fails a store whose replace step is not atomic (copy over the file instead of rename)', async () => {
    const copyOver = (fs: FsPort): FsPort => ({ ...fs, rename: async (from, to) => { await fs.copyFile(from, to); await fs.unlink(from); } });
    const naive: Store<ProfileService> = { ...profiles, open: (dir, fs) => profiles.open(dir, fs && copyOver(fs)) };
    await expect(crashCycles('copy-over', naive as Store<unknown>, SEED + 3, 300)).rejects.toThrow(/recovered|neither old nor new/);
  });

  it('the crash is real: the simulated process cannot write after it dies', async () => {
    const dir = await mkdtemp(join(root, 'dead-'));
    const fs = createCrashingFs({ crashAt: 0, random: seededRandom(1) });
    fs.arm();
    await expect(fs.mkdir(dir, 0o700)).rejects.toBeInstanceOf(SimulatedCrash);
    await expect(fs.writeFileSynced(join(dir, 'x'), 'data', 0o600)).rejects.toBeInstanceOf(SimulatedCrash);
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });
});

describe('a corrupt file is reported and kept aside', () => {
  for (const [name, store] of [['profiles', profiles], ['keys', keys], ['secrets', secrets]] as const) {
    it(`${name}: moved aside byte for byte, the backup is loaded, and the outcome says so`, async () => {
      const s = store as Store<unknown>;
      const dir = await mkdtemp(join(root, `corrupt-${name}-`));
      const random = seededRandom(7);
      const first = await s.open(dir);
      await s.change(first.service, random, await s.view(first.service));
      const good = await s.view(first.service);
      // A second save makes the first one the .bak; then the current file is damaged.
      await s.change(first.service, random, good);
      const garbage = Buffer.from('{"version":1,"data":[{"id":');
      await writeFile(join(dir, s.file), garbage);
      const reopened = await s.open(dir);
      expect(reopened.outcome).toMatchObject({ kind: 'recovered', restoredFromBackup: true, reason: expect.stringContaining('not valid JSON') });
      const movedAside = (reopened.outcome as { movedAside: string }).movedAside;
      expect(await readFile(movedAside)).toEqual(garbage);
      expect(basename(movedAside)).toMatch(new RegExp(`^${s.file.replace('.', '\\.')}\\.corrupt-`));
      expect(await s.view(reopened.service)).toEqual(good);
    });
  }

  it('the app posts a notice for each corrupt store it had to recover', async () => {
    const dir = await mkdtemp(join(root, 'corrupt-app-'));
    for (const file of ['profiles.json', 'keys.json', 'secrets.json']) await writeFile(join(dir, file), 'not json at all');
    const services = await createMainServices({ mode: 'browser', version: '0.0.0', dataDir: dir, cipher, events, clock, sandboxStarter: async () => { throw new Error('not in this test'); } });
    try {
      const status = await services.handlers['app:get-status']({});
      const messages = status.notices.filter((n) => n.level === 'error').map((n) => n.message);
      for (const what of ['profiles', 'keys', 'client secrets']) {
        expect(messages.some((m) => m.startsWith(`Your ${what} file is not valid JSON`) && m.includes('moved aside')), what).toBe(true);
      }
      const aside = (await readdir(dir)).filter((n) => n.includes('.corrupt-'));
      expect(aside).toHaveLength(3);
      for (const n of aside) expect(await readFile(join(dir, n), 'utf8')).toBe('not json at all');
    } finally {
      await services.dispose();
    }
  });
});
