import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from '@playwright/test';
import { startWebServer } from '../../main/web/web-server.ts';
import { INITIAL_JS_BUDGET_GZIP, kb, measureInitialJs } from './initial-js.ts';

/**
 * `npm run bench:startup`: how fast the Profiles area becomes usable, and what the first load
 * costs in JavaScript.
 *
 * Starts browser mode (startWebServer) on a temp data folder, opens headless Chromium in a fresh
 * context per run, and takes the time from navigation start to the "New profile" button being
 * enabled with the list loaded (median of --runs, default 5). Exits 1 when the initial JS is over
 * the 250 KB gzip budget. Flags: --runs N, --build (rebuild even if dist/ exists).
 */
const root = resolve(import.meta.dirname, '../..');
const rendererDir = join(root, 'dist/renderer');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, build: { type: 'boolean', default: false } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${values.runs}`);

/** Chromium flags that keep it quiet and offline (toolchain guide, section 4). */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Runs in the page before any app script: records when the Profiles area first becomes usable,
 * in ms since navigation start (performance.now()), into window.__startupReadyAt.
 *
 * Kept as source text: a serialized TS function would carry the loader's `__name` helper calls,
 * which do not exist in the page.
 */
const READINESS_PROBE = `(() => {
  const ready = () => {
    const button = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'New profile');
    const loading = [...document.querySelectorAll('[role="status"]')].some((e) => /Loading profiles/.test(e.textContent));
    return !!button && !button.disabled && !loading;
  };
  const check = () => {
    if (window.__startupReadyAt === undefined && ready()) window.__startupReadyAt = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
})();`;

/**
 * Polls the probe's result. page.waitForFunction would compile the predicate with `new Function`
 * inside the page, which the renderer's CSP (no 'unsafe-eval') forbids; page.evaluate does not.
 */
async function readyTime(page: Page, errors: string[], timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (errors.length) throw new Error(`The page reported errors: ${errors.join('; ')}`);
    const at = await page.evaluate(() => (window as unknown as { __startupReadyAt?: number }).__startupReadyAt);
    if (at !== undefined) return at;
    if (Date.now() > deadline) throw new Error(`The Profiles area did not become interactive within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

if (values.build || !existsSync(join(rendererDir, 'index.html'))) {
  console.log('Building the renderer (npx vite build)...');
  const built = spawnSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const dataDir = await mkdtemp(join(tmpdir(), 'fae-bench-'));
const server = await startWebServer({ dataDir, rendererDir, version: 'bench' });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
const times: number[] = [];
let loadedBeforeReady: string[] = [];
try {
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    const scripts: string[] = [];
    page.on('request', (r) => { if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname.replace(/^\//, '')); });
    await page.addInitScript({ content: READINESS_PROBE });
    await page.goto(server.url, { waitUntil: 'commit' });
    const at = await readyTime(page, errors);
    times.push(at);
    if (i === 0) loadedBeforeReady = [...new Set(scripts)];
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
}

const js = await measureInitialJs(rendererDir);
const ms = (n: number) => `${Math.round(n)} ms`;
console.log(`Startup to interactive Profiles area (browser mode, headless Chromium, ${runs} run(s)): median ${ms(median(times))} (runs: ${times.map(ms).join(', ')})`);
console.log(`Initial JS (${js.files.length} file(s) index.html loads eagerly): ${kb(js.bytes)} raw, ${kb(js.gzipBytes)} gzip`);
for (const f of js.files) console.log(`  ${f.file}: ${kb(f.bytes)} raw, ${kb(f.gzipBytes)} gzip`);
const loaded = await Promise.all(loadedBeforeReady.map(async (f) => gzipSync(await readFile(join(rendererDir, f))).length));
console.log(`JS the browser had requested when the Profiles area was interactive (eager + its lazy chunks): ${loaded.length} file(s), ${kb(loaded.reduce((a, b) => a + b, 0))} gzip`);
const share = Math.round((js.gzipBytes / INITIAL_JS_BUDGET_GZIP) * 100);
const within = js.gzipBytes <= INITIAL_JS_BUDGET_GZIP;
console.log(`Initial JS budget: ${kb(js.gzipBytes)} of ${kb(INITIAL_JS_BUDGET_GZIP)} gzip (${share}%): ${within ? 'within budget' : 'OVER BUDGET'}`);
process.exit(within ? 0 : 1);
