import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { createBuilder } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * electronegativity over the Electron code as written (main/, the renderer page) and as built
 * (the main and preload bundles), run offline under a network tripwire.
 *
 * Zero high or medium findings are allowed. A finding that was reviewed is silenced with the
 * tool's own `eng-disable` comment on the flagged line; this test lists every such review,
 * proves each still silences a real finding, and that no other `eng-disable` exists. Every
 * remaining (low) finding is listed too, with an explaining comment at the flagged place.
 */
const root = resolve(import.meta.dirname, '..');
const tripwire = join(root, 'test/support/network-tripwire.cjs');
const scanScript = join(root, 'test/support/electronegativity-scan.cjs');
const wrapper = join(root, 'scripts/electronegativity.cjs');

interface Finding { id: string; severity: string; confidence: string; file: string; line: number; sample: string | null; description: string }
interface Scan { issues: Finding[]; errors: { file: string; message: string; tolerable: boolean }[]; stdout: string; stderr: string; network: string[] }

/** Reviewed findings, silenced with `eng-disable` at the flagged line, and the test that covers each. */
const REVIEWED = [
  { id: 'OPEN_EXTERNAL_JS_CHECK', file: 'main/adapters/shell-browser-opener.ts', coveredBy: 'test/electron-security.test.ts: shell browser opener' },
];
/** Low findings that stay visible, each explained by a comment at (or just above) the flagged line. */
const EXPLAINED = [
  { id: 'CSP_GLOBAL_CHECK', severity: 'LOW', file: 'main/windows/main-window.ts' },
  { id: 'CSP_GLOBAL_CHECK', severity: 'LOW', file: 'renderer/index.html' },
  // The same header code, compiled: the bundle keeps no comments, so it is matched to main-window.ts.
  { id: 'CSP_GLOBAL_CHECK', severity: 'LOW', file: 'bundle/main.js' },
];

const ENG_DISABLE = /(?:\/\/|\/\*)[ \t]*eng-disable\b[^\n]*/g;

let work: string;
let bundleDir: string;
let clean: string;
let stripped: string;
let canary: string;
let scans: { clean: Scan; stripped: Scan; canary: Scan };

function runNode(args: string[], logFile: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((res) => {
    execFile(process.execPath, ['--require', tripwire, ...args], {
      cwd: root, env: { ...process.env, NETWORK_TRIPWIRE_LOG: logFile, FORCE_COLOR: '0', NO_COLOR: '1' }, maxBuffer: 16 * 1024 * 1024, timeout: 60_000,
    }, (error, stdout, stderr) => res({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }));
  });
}

async function networkAttempts(logFile: string): Promise<string[]> {
  const text = await readFile(logFile, 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean);
}

async function scan(dir: string): Promise<Scan> {
  const out = join(work, `${relative(work, dir).replace(/\W/g, '_')}.json`);
  const log = `${out}.net.log`;
  const run = await runNode([scanScript, dir, out], log);
  if (run.code !== 0) throw new Error(`scan of ${dir} failed (${run.code}): ${run.stderr}`);
  return { ...(JSON.parse(await readFile(out, 'utf8')) as Pick<Scan, 'issues' | 'errors'>), stdout: run.stdout, stderr: run.stderr, network: await networkAttempts(log) };
}

/** main/ without tests and test fakes: the Electron main process as shipped. */
async function mainSources(): Promise<string[]> {
  const all = await readdir(join(root, 'main'), { recursive: true });
  return all.filter((f) => /\.ts$/.test(f) && !/\.test\.ts$/.test(f) && !f.startsWith('testing')).map((f) => join('main', f));
}

/** Copies what the scan covers into `dir`; `strip` removes every eng-disable comment on the way. */
async function stage(dir: string, strip: boolean): Promise<void> {
  const put = async (from: string, to: string) => {
    await mkdir(dirname(join(dir, to)), { recursive: true });
    if (!strip) return copyFile(from, join(dir, to));
    await writeFile(join(dir, to), (await readFile(from, 'utf8')).replace(ENG_DISABLE, ''));
  };
  await put(join(root, 'package.json'), 'package.json'); // electronegativity reads the Electron version here
  for (const f of await mainSources()) await put(join(root, f), f);
  await put(join(root, 'renderer/index.html'), 'renderer/index.html');
  // electronegativity reads .js, not .mjs/.cjs.
  await put(join(bundleDir, 'main.mjs'), 'bundle/main.js');
  await put(join(bundleDir, 'preload.cjs'), 'bundle/preload.js');
}

/** Builds main and preload with the project's vite.config.ts into a temp folder (never dist/). */
async function buildBundles(outDir: string): Promise<void> {
  const builder = await createBuilder({
    configFile: join(root, 'vite.config.ts'), logLevel: 'silent',
    environments: { electron_main: { build: { outDir, sourcemap: false } }, electron_preload: { build: { outDir } } },
  });
  for (const name of ['electron_main', 'electron_preload']) {
    const env = builder.environments[name];
    if (!env) throw new Error(`vite.config.ts has no ${name} environment`);
    await builder.build(env);
  }
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fae-eng-'));
  bundleDir = join(work, 'bundles');
  clean = join(work, 'clean');
  stripped = join(work, 'stripped');
  canary = join(work, 'canary');
  await buildBundles(bundleDir);
  await stage(clean, false);
  await stage(stripped, true);
  // An insecure window, to prove the scan can fail at all.
  await mkdir(canary, { recursive: true });
  await copyFile(join(root, 'package.json'), join(canary, 'package.json'));
  await writeFile(join(canary, 'window.js'), [
    "const { BrowserWindow, shell } = require('electron');",
    'const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false, webSecurity: false } });',
    "win.loadURL('http://example.invalid/');",
    'module.exports = (url) => shell.openExternal(url);',
  ].join('\n'));
  const [a, b, c] = await Promise.all([scan(clean), scan(stripped), scan(canary)]);
  scans = { clean: a, stripped: b, canary: c };
}, 120_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

const key = (f: { id: string; file: string }) => `${f.id} @ ${f.file}`;
const highOrMedium = (f: Finding) => f.severity === 'HIGH' || f.severity === 'MEDIUM';

describe('electronegativity runs offline', () => {
  it('makes no network attempt while scanning, and prints no translation download failure', () => {
    for (const s of Object.values(scans)) {
      expect(s.network).toEqual([]);
      expect(s.stdout + s.stderr).not.toMatch(/Could not retrieve updated translations|No connectivity|Fetching Electron's new releases/);
    }
  });

  it('the CLI wrapper stays offline too', async () => {
    const log = join(work, 'cli.net.log');
    const run = await runNode([wrapper, '-i', clean, '-r', '-v', 'false'], log);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/check\(s\) successfully loaded/);
    expect(run.stdout + run.stderr).not.toMatch(/Could not retrieve updated translations|No connectivity/);
    expect(await networkAttempts(log)).toEqual([]);
  });

  it('would otherwise download translations: its own loader, unwrapped, trips the wire (and is stopped before any socket)', async () => {
    const log = join(work, 'unwrapped.net.log');
    const loader = join(root, 'node_modules/@doyensec/electronegativity/dist/locales/i18n.js');
    const run = await runNode(['-e', `require(${JSON.stringify(loader)})().then(() => console.log('loaded'))`], log);
    expect(run.stdout).toContain('Could not retrieve updated translations');
    const attempts = (await networkAttempts(log)).map((l) => JSON.parse(l) as { api: string; target: string });
    expect(attempts.length).toBeGreaterThan(0);
    expect(attempts[0]!.target).toMatch(/^https:\/\/electronegativity-i18n\.s3\.[a-z0-9-]+\.amazonaws\.com\//);
  });
});

describe('electronegativity findings', () => {
  it('parses every file it was given and knows the Electron version', () => {
    expect(scans.clean.errors.filter((e) => !e.tolerable)).toEqual([]);
    expect(scans.clean.stdout).not.toMatch(/Couldn't detect Electron version/);
  });

  it('catches an insecure window when there is one (the scan can fail)', () => {
    const ids = scans.canary.issues.filter(highOrMedium).map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining([
      'CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'WEB_SECURITY_JS_CHECK', 'OPEN_EXTERNAL_JS_CHECK', 'HTTP_RESOURCES_JS_CHECK',
      // What the real code avoids by its will-navigate/window-open guards and its permission handler.
      'LIMIT_NAVIGATION_GLOBAL_CHECK', 'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK',
    ]));
  });

  it('finds no high or medium issue in main/, the renderer page, or the built main and preload', () => {
    const bad = scans.clean.issues.filter(highOrMedium).filter((f) => !f.file.startsWith('bundle/'));
    expect(bad.map(key)).toEqual([]);
    // Bundles carry no comments, so a reviewed line reappears there; it must be the same code.
    const reviewedSamples = scans.stripped.issues.filter((f) => REVIEWED.some((r) => key(r) === key(f))).map((f) => ({ id: f.id, code: f.sample?.replace(ENG_DISABLE, '').trim() }));
    for (const f of scans.clean.issues.filter(highOrMedium).filter((x) => x.file.startsWith('bundle/'))) {
      expect(reviewedSamples, `${key(f)}: ${f.sample}`).toContainEqual({ id: f.id, code: f.sample?.trim() });
    }
  });

  it('lists every remaining finding, each explained by a comment at the flagged place', async () => {
    const remaining = scans.clean.issues.filter((f) => !(highOrMedium(f) && f.file.startsWith('bundle/')));
    expect(remaining.map((f) => `${key(f)} (${f.severity})`).sort()).toEqual(EXPLAINED.map((e) => `${key(e)} (${e.severity})`).sort());
    for (const f of remaining.filter((x) => !x.file.startsWith('bundle/'))) {
      const lines = (await readFile(join(root, f.file), 'utf8')).split('\n');
      const near = lines.slice(Math.max(0, f.line - 5), f.line).join('\n');
      expect(near, key(f)).toContain(`electronegativity ${f.id}`);
    }
  });

  it('every eng-disable is a listed review: it silences a real finding, on a line that explains why', async () => {
    const clean = new Set(scans.clean.issues.map(key));
    const silenced = scans.stripped.issues.filter((f) => !clean.has(key(f)) && !f.file.startsWith('bundle/'));
    expect([...new Set(silenced.map(key))].sort()).toEqual(REVIEWED.map(key).sort());
    let disables = 0;
    for (const f of await mainSources()) disables += ((await readFile(join(root, f), 'utf8')).match(ENG_DISABLE) ?? []).length;
    disables += ((await readFile(join(root, 'renderer/index.html'), 'utf8')).match(/eng-disable/g) ?? []).length;
    expect(disables).toBe(REVIEWED.length);
    for (const f of silenced) {
      const lines = (await readFile(join(root, f.file), 'utf8')).split('\n');
      expect(lines[f.line - 1], key(f)).toContain(`eng-disable ${f.id}`);
      expect(lines.slice(Math.max(0, f.line - 4), f.line - 1).join('\n'), key(f)).toMatch(new RegExp(`Security review, electronegativity ${f.id}`));
    }
    for (const r of REVIEWED) expect(r.coveredBy).toMatch(/^test\/.+\.test\.ts: /);
  });
});
