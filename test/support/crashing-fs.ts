import * as fsp from 'node:fs/promises';
import type { FsPort } from '../../main/stores/fs-port.ts';

/** Thrown by a CrashingFs when the simulated process dies; every later call throws it too. */
export class SimulatedCrash extends Error {
  constructor(readonly step: string) {
    super(`simulated crash at ${step}`);
    this.name = 'SimulatedCrash';
  }
}

/** A crashing file system over a real folder, plus what it saw. */
export interface CrashingFs extends FsPort {
  /** Starts counting steps (loading a store before the operation under test does not count). */
  arm(): void;
  readonly crashed: SimulatedCrash | undefined;
  /** Every document a save wrote to a temp file, in order. */
  readonly written: { path: string; data: string }[];
}

/**
 * An FsPort that performs real file operations in a temp folder (without the cost of fsync)
 * and "loses power" at a chosen step of a save: the temp write (leaving a torn prefix), the
 * fsync (unsynced bytes lost), the backup copy (a torn .bak), the rename, or the folder fsync
 * (where the rename itself may not have reached the disk and is undone). After the crash the
 * process is dead: every further call throws, so no cleanup of the save runs either.
 */
export function createCrashingFs(opts: { crashAt: number; random: () => number }): CrashingFs {
  let armed = false;
  let steps = 0;
  let crashed: SimulatedCrash | undefined;
  const written: { path: string; data: string }[] = [];
  const prefix = (s: string | Buffer) => s.slice(0, Math.floor(opts.random() * s.length));
  const dead = () => { if (crashed) throw crashed; };
  /** Counts one step; true when the power goes now. */
  const now = (): boolean => armed && steps++ === opts.crashAt;
  const die = (step: string): never => { crashed = new SimulatedCrash(step); throw crashed; };

  return {
    arm() { armed = true; },
    get crashed() { return crashed; },
    written,
    async readFile(p) { dead(); return fsp.readFile(p); },
    async readdir(p) { dead(); return fsp.readdir(p); },
    async mkdir(p, mode) { dead(); if (now()) die('mkdir'); await fsp.mkdir(p, { recursive: true, mode }); },
    async writeFileSynced(p, data, mode) {
      dead();
      written.push({ path: p, data });
      if (now()) {
        await fsp.writeFile(p, prefix(data), { flag: 'wx', mode });
        die('write');
      }
      await fsp.writeFile(p, data, { flag: 'wx', mode });
      if (now()) {
        // Written but not synced: what reaches the disk may be any prefix.
        await fsp.writeFile(p, prefix(data), { mode });
        die('fsync');
      }
    },
    async copyFile(from, to) {
      dead();
      if (now()) {
        await fsp.writeFile(to, prefix(await fsp.readFile(from)));
        die('copy');
      }
      await fsp.copyFile(from, to);
    },
    async rename(from, to) {
      dead();
      if (now()) die('rename');
      const previous = await fsp.readFile(to).catch(() => undefined);
      await fsp.rename(from, to);
      if (now()) {
        // The rename never reached the disk: the old entry is back, the new file is only a temp.
        if (opts.random() < 0.5) {
          await fsp.rename(to, from);
          if (previous) await fsp.writeFile(to, previous);
        }
        die('after-rename');
      }
    },
    async syncDir() { dead(); if (now()) die('sync-dir'); },
    async unlink(p) { dead(); if (now()) die('unlink'); await fsp.unlink(p); },
  };
}

/** A small seeded PRNG (mulberry32), so a failing cycle can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
