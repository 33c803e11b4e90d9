import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INITIAL_JS_BUDGET_GZIP, measureInitialJs } from '../bench/startup/initial-js.ts';

/** What the startup bench counts as initial JS: eager scripts and their static imports, never lazy chunks. */
let dir: string;
const files: Record<string, string> = {
  'index.html': '<html><head><script type="module" crossorigin src="./assets/entry.js"></script><link rel="modulepreload" crossorigin href="./assets/preloaded.js"><script src="https://cdn.example/x.js"></script></head></html>',
  'assets/entry.js': 'import{a as b}from"./shared.js";import "./side.js";const lazy=()=>import("./lazy.js");console.log(b,lazy);',
  'assets/shared.js': 'export const a = 1; export * from "./deep.js";',
  'assets/deep.js': 'export const d = "deep".repeat(50);',
  'assets/side.js': 'globalThis.side = true;',
  'assets/preloaded.js': 'import{a}from"./shared.js";export const p=a;',
  'assets/lazy.js': 'export default "never counted";',
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fae-initial-js-'));
  await mkdir(join(dir, 'assets'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('measureInitialJs', () => {
  it('counts module scripts, modulepreloads and their static imports once each, skipping import() and remote URLs', async () => {
    const js = await measureInitialJs(dir);
    expect(js.files.map((f) => f.file).sort()).toEqual(['assets/deep.js', 'assets/entry.js', 'assets/preloaded.js', 'assets/shared.js', 'assets/side.js']);
    const expectedGzip = js.files.reduce((sum, f) => sum + gzipSync(Buffer.from(files[f.file]!)).length, 0);
    expect(js.gzipBytes).toBe(expectedGzip);
    expect(js.bytes).toBe(js.files.reduce((sum, f) => sum + Buffer.byteLength(files[f.file]!), 0));
  });

  it('budgets 250 KB gzip', () => {
    expect(INITIAL_JS_BUDGET_GZIP).toBe(256_000);
  });
});
