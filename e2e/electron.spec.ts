import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

/**
 * The desktop shell end to end: runs where an Electron binary exists (a developer's machine
 * after `npm start` downloaded it) and skips itself where none can be obtained, as on CI here.
 * Reads electron's path.txt instead of require('electron'), which would try to download.
 */
const root = resolve(import.meta.dirname, '..');
const pathTxt = join(root, 'node_modules/electron/path.txt');
const binary = existsSync(pathTxt) ? join(root, 'node_modules/electron/dist', readFileSync(pathTxt, 'utf8').trim()) : undefined;
const available = !!binary && existsSync(binary) && existsSync(join(root, 'dist/main/main.mjs'));

test('the desktop app opens the Profiles area over IPC with the sandbox profiles', async () => {
  test.skip(!available, 'No Electron binary on this machine (it is downloaded on first `npm start`).');
  const userData = mkdtempSync(join(tmpdir(), 'fae-electron-'));
  const app = await electron.launch({ executablePath: binary!, args: [root], env: { ...process.env, FAE_DATA_DIR: userData } });
  try {
    const page = await app.firstWindow();
    await expect(page.getByRole('heading', { name: 'Profiles', level: 1 })).toBeVisible();
    await expect(page.getByTestId('transport')).toHaveText('Desktop');
    await expect(page.getByRole('option', { name: /Sandbox: client secret/ })).toBeVisible();
    // No Node in the page, only the preload's contract functions.
    const globals = await page.evaluate(() => ({ require: typeof (window as { require?: unknown }).require, process: typeof (window as { process?: unknown }).process, api: typeof window.api }));
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', api: 'object' });
  } finally {
    await app.close();
    rmSync(userData, { recursive: true, force: true });
  }
});
