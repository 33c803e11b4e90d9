import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decideLaunch, ELECTRON_UNAVAILABLE_MESSAGE, findElectronBinary, launchCommand, PROBE_SCRIPT, runWithTimeout, type Runner, type RunResult,
} from '../scripts/electron-binary.mjs';

/**
 * How `npm start` picks Electron or browser mode: the decision with injected probe results, and
 * the real runner's time limit with processes that never finish.
 */
const root = resolve(import.meta.dirname, '..');
const ok = (stdout: string): RunResult => ({ status: 0, stdout, stderr: '', timedOut: false });
const exists = (set: string[]) => (p: string) => set.includes(p);

/** True while a process runs; a killed process awaiting its reaper (zombie) counts as gone. */
async function isRunning(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const { readFile } = await import('node:fs/promises');
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return !/^\d+ \(.*\) Z/.test(stat);
}

let scratch: string;
beforeAll(async () => { scratch = await mkdtemp(join(tmpdir(), 'fae-start-')); });
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('decideLaunch', () => {
  it('runs Electron when the package prints a binary that exists', () => {
    expect(decideLaunch(ok('\n/opt/electron/electron\n'), exists(['/opt/electron/electron']))).toEqual({ kind: 'electron', binary: '/opt/electron/electron' });
  });

  it('takes the last line, after the package\'s own download chatter', () => {
    expect(decideLaunch(ok('Downloading Electron binary...\n\n/x/electron\n'), exists(['/x/electron']))).toEqual({ kind: 'electron', binary: '/x/electron' });
  });

  it('falls back when the printed binary does not exist (an interrupted download)', () => {
    expect(decideLaunch(ok('/x/electron\n'), exists([]))).toMatchObject({ kind: 'browser', reason: expect.stringContaining('does not exist') });
  });

  it('falls back when the package fails, keeping its error as the reason', () => {
    const failed: RunResult = { status: 1, stdout: 'Downloading Electron binary...\n', stderr: 'TypeError: fetch failed\nError: Electron failed to install correctly.\n    at x', timedOut: false };
    expect(decideLaunch(failed, exists(['anything']))).toEqual({ kind: 'browser', reason: 'Error: Electron failed to install correctly.' });
  });

  it('falls back on a timeout, a spawn error or an empty answer', () => {
    expect(decideLaunch({ status: null, stdout: '/x/electron', stderr: '', timedOut: true }, exists(['/x/electron'])).kind).toBe('browser');
    expect(decideLaunch({ status: null, stdout: '', stderr: '', timedOut: false, error: 'ENOENT' }, exists([])).kind).toBe('browser');
    expect(decideLaunch(ok('\n\n'), exists([''])).kind).toBe('browser');
  });
});

describe('findElectronBinary', () => {
  it('asks a child node for require("electron") in the project folder, without ELECTRON_RUN_AS_NODE', async () => {
    const calls: Parameters<Runner>[] = [];
    process.env.ELECTRON_RUN_AS_NODE = '1';
    try {
      const run: Runner = async (...a) => { calls.push(a); return ok('/bin/electron'); };
      const decision = await findElectronBinary({ cwd: root, run, exists: exists(['/bin/electron']), timeoutMs: 1234, nodePath: '/usr/bin/node' });
      expect(decision).toEqual({ kind: 'electron', binary: '/bin/electron' });
    } finally {
      delete process.env.ELECTRON_RUN_AS_NODE;
    }
    expect(calls).toHaveLength(1);
    const [cmd, args, opts] = calls[0]!;
    expect(cmd).toBe('/usr/bin/node');
    expect(args).toEqual(['-e', PROBE_SCRIPT]);
    expect(opts).toMatchObject({ cwd: root, timeoutMs: 1234 });
    expect(opts.env?.ELECTRON_RUN_AS_NODE).toBeUndefined();
  });

  it('with the real electron package, answers quickly: a binary that exists, or browser mode', async () => {
    const started = Date.now();
    const decision = await findElectronBinary({ cwd: root, timeoutMs: 15_000 });
    expect(Date.now() - started).toBeLessThan(15_000);
    if (decision.kind === 'electron') expect(decision.binary).toMatch(/electron/i);
    else expect(decision.reason.length).toBeGreaterThan(0);
  });
});

describe('runWithTimeout', () => {
  it('returns the output and status of a command that finishes', async () => {
    const r = await runWithTimeout(process.execPath, ['-e', 'console.log("hi"); console.error("warn"); process.exit(3)'], { cwd: root, timeoutMs: 10_000 });
    expect(r).toEqual({ status: 3, stdout: 'hi\n', stderr: 'warn\n', timedOut: false });
  });

  it('kills a command that never finishes, and the children it started, at the time limit', async () => {
    const pidFile = join(scratch, 'grandchild.pid');
    const script = `
      const { spawn } = require('node:child_process');
      const g = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'inherit' });
      require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(g.pid));
      setInterval(() => {}, 1000);`;
    const started = Date.now();
    const r = await runWithTimeout(process.execPath, ['-e', script], { cwd: root, timeoutMs: 700 });
    expect(r.timedOut).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
    const { readFile } = await import('node:fs/promises');
    const grandchild = Number(await readFile(pidFile, 'utf8'));
    if (process.platform !== 'win32') await expect.poll(() => isRunning(grandchild), { timeout: 3000 }).toBe(false);
  });

  it('reports a command that cannot be started', async () => {
    const missing = join(scratch, 'no-such-binary');
    const r = await runWithTimeout(missing, [], { cwd: root, timeoutMs: 5000 });
    expect(r.error).toMatch(/ENOENT/);
  });

  it('by default counts a printed path only when a file is really there', async () => {
    const fake = join(scratch, 'electron');
    await writeFile(fake, '#!/bin/sh\necho started "$@"\n');
    await chmod(fake, 0o755);
    expect(decideLaunch(ok(`${fake}\n`))).toEqual({ kind: 'electron', binary: fake });
    expect(decideLaunch(ok(`${scratch}\n`)).kind).toBe('browser');
    expect(decideLaunch(ok(`${join(scratch, 'missing')}\n`)).kind).toBe('browser');
  });
});

describe('launchCommand and the fallback message', () => {
  it('runs Electron on the project folder with the user\'s arguments', () => {
    expect(launchCommand({ kind: 'electron', binary: '/e/electron' }, ['--inspect'])).toEqual({ cmd: '/e/electron', args: ['.', '--inspect'] });
  });

  it('runs the browser-mode CLI with the same arguments', () => {
    expect(launchCommand({ kind: 'browser', reason: 'x' }, ['--port', '4000', '--no-open'], '/n/node')).toEqual({
      cmd: '/n/node', args: ['--experimental-websocket', '--import', 'tsx', 'main/web/cli.ts', '--port', '4000', '--no-open'],
    });
  });

  it('explains the fallback in one line', () => {
    expect(ELECTRON_UNAVAILABLE_MESSAGE).not.toContain('\n');
    expect(ELECTRON_UNAVAILABLE_MESSAGE).toMatch(/Electron is not available.*browser mode/);
  });
});
