import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { JsonStore } from './json-store.ts';

/**
 * JsonStore serialises each mutation with its read: concurrent callers never lose an acknowledged
 * change, a failing mutation changes nothing, and what was acknowledged is on disk.
 */
let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'fae-json-store-')); });
afterEach(() => rm(dir, { recursive: true, force: true }));

const Items = z.array(z.object({ id: z.string(), n: z.number() }));
type Items = z.infer<typeof Items>;
const open = () => new JsonStore<Items>({ path: join(dir, 'items.json'), version: 1, schema: Items, empty: () => [] });
const onDisk = async () => (JSON.parse(await readFile(join(dir, 'items.json'), 'utf8')) as { data: Items }).data;

describe('JsonStore', () => {
  it('keeps every one of 300 concurrent inserts, in memory and after a reopen', async () => {
    const store = open();
    const ids = Array.from({ length: 300 }, (_, i) => `item-${i}`);
    const answers = await Promise.all(ids.map((id, n) => store.update((list) => ({ next: [...list, { id, n }], result: id }))));
    expect(answers).toEqual(ids);
    expect(store.state.map((i) => i.id).sort()).toEqual([...ids].sort());
    const reopened = open();
    await reopened.load();
    expect(reopened.state).toHaveLength(300);
    expect((await onDisk()).length).toBe(300);
  });

  it('applies read-modify-write increments in order (no lost update)', async () => {
    const store = open();
    await store.update(() => ({ next: [{ id: 'counter', n: 0 }], result: undefined }));
    await Promise.all(Array.from({ length: 50 }, () => store.update((list) => ({ next: list.map((i) => ({ ...i, n: i.n + 1 })), result: undefined }))));
    expect(store.state[0]!.n).toBe(50);
    expect((await onDisk())[0]!.n).toBe(50);
  });

  it('a mutation that throws changes nothing and the queue goes on', async () => {
    const store = open();
    const failing = store.update(() => { throw new Error('refused'); });
    const next = store.update((list) => ({ next: [...list, { id: 'a', n: 1 }], result: 'ok' }));
    await expect(failing).rejects.toThrow('refused');
    await expect(next).resolves.toBe('ok');
    expect(store.state).toEqual([{ id: 'a', n: 1 }]);
  });

  it('returning the same state skips the save, and read() waits for queued mutations', async () => {
    const store = open();
    await store.update((list) => ({ next: list, result: undefined }));
    await expect(readFile(join(dir, 'items.json'))).rejects.toThrow();
    const pending = store.update((list) => ({ next: [...list, { id: 'late', n: 2 }], result: undefined }));
    expect((await store.read()).map((i) => i.id)).toEqual(['late']);
    await pending;
  });

  it('seeds a fresh store once, as part of the load', async () => {
    let seeded = 0;
    const seed = () => new JsonStore<Items>({ path: join(dir, 'items.json'), version: 1, schema: Items, empty: () => [] },
      (data, outcome) => { if (outcome.kind !== 'fresh') return undefined; seeded++; return [...data, { id: 'seed', n: 0 }]; });
    const first = seed();
    await Promise.all([first.load(), first.load(), first.update((l) => ({ next: [...l, { id: 'x', n: 1 }], result: undefined }))]);
    expect(first.state.map((i) => i.id)).toEqual(['seed', 'x']);
    const second = seed();
    await second.load();
    expect(seeded).toBe(1);
    expect(second.state.map((i) => i.id)).toEqual(['seed', 'x']);
  });
});
