#!/usr/bin/env node
// @ts-check
/**
 * `npm start`: build, then run the desktop app in Electron, or browser mode where Electron's
 * binary cannot be had (no network to download it, as on CI machines).
 *
 * Arguments after `npm start --` reach the app (browser mode: --port, --data-dir, --no-open, --json).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ELECTRON_UNAVAILABLE_MESSAGE, findElectronBinary, launchCommand } from './electron-binary.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

const viteBin = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
const build = existsSync(viteBin)
  ? spawnSync(process.execPath, [viteBin, 'build'], { cwd: root, stdio: 'inherit' })
  : spawnSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
if (build.status !== 0) {
  console.error('The build failed; see the messages above.');
  process.exit(build.status ?? 1);
}

const slow = setTimeout(() => console.log('Getting the Electron binary (the first run downloads it)...'), 3000);
const decision = await findElectronBinary({ cwd: root });
clearTimeout(slow);
if (decision.kind === 'browser') console.log(ELECTRON_UNAVAILABLE_MESSAGE);

const { cmd, args: cmdArgs } = launchCommand(decision, args);
const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;
const child = spawn(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env });
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, () => { if (child.exitCode === null) child.kill(signal); });
}
child.on('error', (e) => {
  console.error(`Could not start ${cmd}: ${e.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
