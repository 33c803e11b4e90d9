/**
 * Console benchmark: how long a 50 MB searchset Bundle takes to become visible and scrollable
 * in the request console, next to a bare JSON.parse of the same bytes in Node.
 *
 * Why: the console promises that large search results never freeze the window (body read in
 * pieces, parsed in a Web Worker, virtualized tree). This measures it end to end: a node:http
 * FHIR stand-in (its own process) serves the Bundle, browser mode (the app's real main services and
 * built renderer) sends the request with an auth-method "none" profile, and headless Chromium
 * waits until rows are on screen and the tree can scroll. Target: ratio <= 3.
 *
 * Run: npx vite build && node --experimental-websocket --import tsx bench/console/run.ts [--mb 50] [--runs 3] [--screenshot out.png]
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { ProfileInput } from '../../app/profiles/schema.ts';
import { startWebServer } from '../../main/web/web-server.ts';
import { generateSearchBundle } from './generate-bundle.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({ options: { mb: { type: 'string', default: '50' }, runs: { type: 'string', default: '3' }, screenshot: { type: 'string' } } });
const targetBytes = Number(values.mb) * 1024 * 1024;
const runs = Math.max(1, Number(values.runs));
const rendererDir = join(root, 'dist/renderer');
if (!existsSync(join(rendererDir, 'index.html'))) {
  console.error('dist/renderer is missing: run `npx vite build` first.');
  process.exit(2);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const ms = (x: number) => `${Math.round(x)} ms`;

// 1. The body, and the Node baseline on exactly these bytes.
const { text, entries } = generateSearchBundle(targetBytes);
const body = Buffer.from(text, 'utf8');
const parseTimes: number[] = [];
for (let i = 0; i < 5; i++) {
  const decoded = body.toString('utf8');
  const t0 = performance.now();
  JSON.parse(decoded);
  parseTimes.push(performance.now() - t0);
}

// 2. The FHIR stand-in serving the same Bundle, in its own process (a real server is elsewhere).
const standIn = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench/console/fhir-stand-in.ts'), String(targetBytes)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
const served = JSON.parse(await new Promise<string>((r) => createInterface({ input: standIn.stdout }).once('line', r))) as { fhirBase: string; size: number; entries: number };
if (served.size !== body.length) throw new Error('the stand-in serves different bytes than were measured');
const fhirBase = served.fhirBase;

// 3. Browser mode with a profile that needs no token.
const dataDir = mkdtempSync(join(tmpdir(), 'fae-bench-console-'));
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
const web = await startWebServer({ dataDir, rendererDir, version });
const profile = await web.services.handlers['profiles:save'](ProfileInput.parse({ name: 'Bench: local 50 MB server', fhirBaseUrl: fhirBase, authMethod: 'none' }));

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const results: { visibleMs: number; scrolledMs: number; longestTaskMs: number }[] = [];
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 950 } });
  await page.addInitScript(() => {
    (window as unknown as { longTasks: number[] }).longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) (window as unknown as { longTasks: number[] }).longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(web.url);
  await page.getByRole('button', { name: 'Console', exact: true }).click();
  await page.getByRole('combobox', { name: 'Profile' }).selectOption(profile.id);
  await page.getByRole('combobox', { name: 'Path or URL' }).fill('Observation?code=4548-4');
  for (let i = 0; i < runs; i++) {
    await page.evaluate(() => { (window as unknown as { longTasks: number[] }).longTasks = []; });
    const t0 = performance.now();
    const marks: string[] = [];
    const onResponse = (r: { url(): string }) => {
      const m = /\/api\/(console:[a-z-]+)/.exec(r.url());
      if (m && marks.length < 4) marks.push(`${m[1]} ${Math.round(performance.now() - t0)}`);
    };
    page.on('response', onResponse);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const tree = page.getByTestId('json-tree');
    await page.waitForFunction((minRows) => {
      const el = document.querySelector<HTMLElement>('[data-testid="json-tree"]');
      return !!el && Number(el.dataset.rows) >= minRows && el.scrollHeight > el.clientHeight && !!el.querySelector('[data-testid="json-tree-row"]');
    }, entries, { polling: 'raf', timeout: 120_000 });
    const visibleMs = performance.now() - t0;
    page.off('response', onResponse);
    if (process.env.BENCH_DETAIL) console.log('  answers at (ms):', marks.join(', '));
    // Scrollable in fact: jump to the middle and wait for real rows there.
    const t1 = performance.now();
    await tree.evaluate((el) => { el.scrollTop = el.scrollHeight / 2; });
    await page.waitForFunction(() => {
      const el = document.querySelector<HTMLElement>('[data-testid="json-tree"]');
      const indexes = [...(el?.querySelectorAll<HTMLElement>('[data-testid="json-tree-row"] .jt-index') ?? [])];
      return indexes.some((r) => Number.parseInt(r.textContent ?? '', 10) > 1000);
    }, undefined, { polling: 'raf', timeout: 30_000 });
    const scrolledMs = performance.now() - t1;
    const longest = await page.evaluate(() => Math.max(0, ...(window as unknown as { longTasks: number[] }).longTasks));
    results.push({ visibleMs, scrolledMs, longestTaskMs: longest });
  }
  if (values.screenshot) await page.screenshot({ path: values.screenshot });
  if (errors.length) console.log('page errors:', errors);
} finally {
  await browser.close();
  await web.close();
  standIn.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}

const nodeParse = median(parseTimes.slice(1));
const visible = median(results.map((r) => r.visibleMs));
console.log(`Bundle: ${(body.length / 1024 / 1024).toFixed(1)} MB, ${entries} entries (searchset, served by a node:http stand-in in its own process)`);
console.log(`Node JSON.parse of the same bytes: median ${ms(nodeParse)} (first, cold: ${ms(parseTimes[0] ?? NaN)}; all: ${parseTimes.map(ms).join(', ')})`);
for (const [i, r] of results.entries()) {
  console.log(`Console run ${i + 1}: visible and scrollable after ${ms(r.visibleMs)}; mid-document rows after a jump ${ms(r.scrolledMs)}; longest main-thread task ${ms(r.longestTaskMs)}`);
}
console.log(`Console median: ${ms(visible)}  ratio to JSON.parse: ${(visible / nodeParse).toFixed(2)} (target <= 3)`);
