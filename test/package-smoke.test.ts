import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Packaging, offline: scripts/package-smoke.sh runs electron-builder with electron-builder.yml
 * against a stub Electron and checks the asar. A second run with a broken config proves the
 * checks can fail.
 */
const root = resolve(import.meta.dirname, '..');

function smoke(env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((done) => {
    const child = spawn('bash', ['scripts/package-smoke.sh'], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('close', (code) => done({ code, out }));
  });
}

let scratch: string;
beforeAll(async () => { scratch = await mkdtemp(join(tmpdir(), 'fae-smoke-test-')); });
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('package smoke check', () => {
  it('packs main, preload, renderer and the runtime dependencies into app.asar, without maps or sources', async () => {
    const { code, out } = await smoke();
    expect(out).toContain('package-smoke: OK');
    expect(code).toBe(0);
    for (const entry of ['/dist/main/main.mjs', '/dist/main/preload.cjs', '/dist/renderer/index.html', '/node_modules/zod/package.json']) {
      expect(out).toContain(`ok   ${entry}`);
    }
    expect(out).toContain('ok   nothing matches source maps');
  }, 180_000);

  it('fails when the config leaves the preload out of the package', async () => {
    const config = (await readFile(join(root, 'electron-builder.yml'), 'utf8')).replace('  - package.json', '  - package.json\n  - "!dist/main/preload.cjs"');
    expect(config).toContain('!dist/main/preload.cjs');
    const broken = join(scratch, 'broken-builder.yml');
    await writeFile(broken, config);
    const { code, out } = await smoke({ PACKAGE_SMOKE_CONFIG: broken });
    expect(code).toBe(1);
    expect(out).toContain('MISSING /dist/main/preload.cjs');
    expect(out).toContain('package-smoke: FAIL');
  }, 180_000);
});
