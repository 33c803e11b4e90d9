import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, startTestBridge, type TestBridge } from '../../test/support/bridge-http.ts';
import { RENDERER_CSP } from '../windows/csp.ts';

/**
 * The renderer files browser mode serves: with the app's CSP, and never anything outside the
 * renderer folder, however the path is spelt.
 */
const SECRET_TEXT = 'outside-the-renderer-folder-7f3a';
let parent: string;
let bridge: TestBridge;
let port: number;

beforeAll(async () => {
  // parent/package.json and parent/secret.txt sit next to the served folder parent/renderer.
  parent = await mkdtemp(join(tmpdir(), 'fae-static-'));
  const rendererDir = join(parent, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>FHIR Auth Explorer</title><script type="module" src="./assets/app.js"></script>');
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log("app");');
  await writeFile(join(parent, 'package.json'), JSON.stringify({ name: SECRET_TEXT }));
  await writeFile(join(parent, 'secret.txt'), SECRET_TEXT);
  bridge = await startTestBridge(rendererDir);
  port = bridge.server.port;
});

afterAll(async () => {
  await bridge?.stop();
  if (parent) await rm(parent, { recursive: true, force: true });
});

const get = (path: string, method = 'GET') => rawRequest(port, { method, path, headers: { host: `127.0.0.1:${port}` } });

describe('static renderer files', () => {
  it('serves index.html at / with the CSP and other protective headers', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<title>FHIR Auth Explorer</title>');
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-security-policy']).toBe(RENDERER_CSP);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('serves assets with the CSP, a JS type and long caching', async () => {
    const res = await get('/assets/app.js');
    expect(res.status).toBe(200);
    expect(res.text).toBe('console.log("app");');
    expect(res.headers['content-type']).toMatch(/^text\/javascript/);
    expect(res.headers['content-security-policy']).toBe(RENDERER_CSP);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
    expect((await get('/index.html', 'DELETE')).status).toBe(405);
  });

  it('answers 404 for a missing file', async () => {
    expect((await get('/nope.js')).status).toBe(404);
  });
});

describe('path traversal', () => {
  const attempts = [
    '/../package.json',
    '/../secret.txt',
    '/%2e%2e/package.json',
    '/%2E%2E/secret.txt',
    '/..%2fpackage.json',
    '/..%2Fsecret.txt',
    '/%2e%2e%2fpackage.json',
    '/assets/..%2f..%2fsecret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/..%5csecret.txt',
    '/%252e%252e/secret.txt',
    '//../secret.txt',
    '/.%2e/.%2e/secret.txt',
    '/%00/../secret.txt',
    '/%',
  ];

  it.each(attempts)('refuses %s', async (path) => {
    const res = await get(path);
    expect(res.status).not.toBe(200);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.text).not.toContain(SECRET_TEXT);
  });
});
