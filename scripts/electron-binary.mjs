// @ts-check
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

/**
 * Deciding how `npm start` runs the app: Electron when its binary can be had, browser mode
 * otherwise.
 *
 * The electron package downloads its binary lazily on the first `require('electron')`. That is
 * asked in a child process with a time limit, so a blocked network can never hang `npm start`;
 * the runner and the file check are injectable so the decision is unit-tested without Electron.
 */

/** The one line `npm start` prints when it falls back to browser mode. */
export const ELECTRON_UNAVAILABLE_MESSAGE =
  'Electron is not available on this machine (could not download its binary); starting browser mode instead.';

/** How long the probe may take: long enough for a first-run download, short enough never to look hung. */
export const DEFAULT_PROBE_TIMEOUT_MS = 120_000;

/** The script the probe runs: electron's index.js prints nothing but resolves (or downloads) the binary path. */
export const PROBE_SCRIPT = "process.stdout.write('\\n' + require('electron') + '\\n')";

/**
 * @typedef {{ status: number | null; stdout: string; stderr: string; timedOut: boolean; error?: string }} RunResult
 * @typedef {(cmd: string, args: string[], opts: { cwd: string; timeoutMs: number; env?: NodeJS.ProcessEnv }) => Promise<RunResult>} Runner
 * @typedef {{ kind: 'electron'; binary: string } | { kind: 'browser'; reason: string }} LaunchDecision
 */

/**
 * Runs a command, collecting its output, and kills it (with its children) at the time limit.
 *
 * The child gets its own process group on POSIX so a download it started dies with it.
 * @type {Runner}
 */
export function runWithTimeout(cmd, args, { cwd, timeoutMs, env }) {
  return new Promise((resolve) => {
    const posix = process.platform !== 'win32';
    const child = spawn(cmd, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: posix, windowsHide: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let settled = false;
    /** @param {RunResult} r */
    const finish = (r) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    child.stdout?.on('data', (d) => { stdout += d; });
    child.stderr?.on('data', (d) => { stderr += d; });
    child.on('error', (e) => finish({ status: null, stdout, stderr, timedOut, error: e.message }));
    child.on('close', (status) => finish({ status, stdout, stderr, timedOut }));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (posix && child.pid) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
      // A grandchild that escaped the group could hold the pipes open; do not wait for it.
      setTimeout(() => finish({ status: null, stdout, stderr, timedOut }), 500).unref();
    }, timeoutMs);
  });
}

/** True when a path names an existing file. @param {string} p */
export const isFile = (p) => {
  try {
    return existsSync(p) && statSync(p).isFile();
  } catch {
    return false;
  }
};

/**
 * Turns the probe's outcome into a decision. Only a path that exists counts: a printed path to
 * a binary that is not there (an interrupted download) falls back to browser mode too.
 * @param {RunResult} probe
 * @param {(path: string) => boolean} exists
 * @returns {LaunchDecision}
 */
export function decideLaunch(probe, exists = isFile) {
  if (probe.timedOut) return { kind: 'browser', reason: 'finding the Electron binary took too long' };
  if (probe.error) return { kind: 'browser', reason: `could not run node: ${probe.error}` };
  if (probe.status !== 0) {
    const last = probe.stderr.trim().split('\n').filter((l) => /error/i.test(l)).pop();
    return { kind: 'browser', reason: last?.trim() || `the electron package exited with ${probe.status}` };
  }
  const binary = probe.stdout.trim().split(/\r?\n/).pop()?.trim() ?? '';
  if (!binary) return { kind: 'browser', reason: 'the electron package printed no binary path' };
  if (!exists(binary)) return { kind: 'browser', reason: `the Electron binary ${binary} does not exist` };
  return { kind: 'electron', binary };
}

/**
 * Asks the electron package for its binary (downloading it if it can) without ever hanging.
 * @param {{ cwd: string; run?: Runner; exists?: (p: string) => boolean; timeoutMs?: number; nodePath?: string }} opts
 * @returns {Promise<LaunchDecision>}
 */
export async function findElectronBinary({ cwd, run = runWithTimeout, exists = isFile, timeoutMs = DEFAULT_PROBE_TIMEOUT_MS, nodePath = process.execPath }) {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const probe = await run(nodePath, ['-e', PROBE_SCRIPT], { cwd, timeoutMs, env });
  return decideLaunch(probe, exists);
}

/**
 * The command `npm start` runs for a decision: Electron on the project folder, or the
 * browser-mode CLI with the user's arguments passed through.
 * @param {LaunchDecision} decision
 * @param {string[]} args
 * @param {string} nodePath
 * @returns {{ cmd: string; args: string[] }}
 */
export function launchCommand(decision, args, nodePath = process.execPath) {
  if (decision.kind === 'electron') return { cmd: decision.binary, args: ['.', ...args] };
  return { cmd: nodePath, args: ['--experimental-websocket', '--import', 'tsx', 'main/web/cli.ts', ...args] };
}
