import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IPC_INVOKE_PREFIX } from '../app/contract/channels.ts';
import { CONTRACT, ERROR_CODES, EVENT_NAMES, EVENTS, METHOD_NAMES } from '../app/contract/index.ts';
import { createMainServices, type MainServices } from '../main/compose.ts';
import { createDispatcher } from '../main/ipc/dispatch.ts';
import { registerIpc, type IpcMainLike } from '../main/ipc/register-ipc.ts';
import type { SecretCipher } from '../main/ports.ts';
import { startTestBridge, type TestBridge } from './support/bridge-http.ts';
import { buildPreloadBundle, runPreloadBundle, type PreloadRun } from './support/preload-bundle.ts';

/**
 * One contract, every transport: each CONTRACT method must have a preload function, an IPC
 * handler, a bridge route and a service handler, so no method exists on one side only.
 */
const contractMethods = Object.keys(CONTRACT).sort();
const fakeCipher: SecretCipher = { kind: 'file-fallback', encrypt: async (s) => `x${s}`, decrypt: async (s) => s.slice(1) };
const pinnedClock = { now: () => Date.parse('2026-01-02T03:04:05.000Z') };

let preload: PreloadRun;
let bridge: TestBridge;
let dataDir: string;
let services: MainServices;
let ipcHandlers: Map<string, (event: { senderFrame?: { url: string } | null }, ...args: unknown[]) => unknown>;

beforeAll(async () => {
  preload = runPreloadBundle(await buildPreloadBundle());
  bridge = await startTestBridge();
  dataDir = await mkdtemp(join(tmpdir(), 'fae-contract-'));
  services = await createMainServices({ mode: 'electron', version: '0.0.0', dataDir, cipher: fakeCipher, events: { emit: () => {} }, clock: pinnedClock });
  ipcHandlers = new Map();
  const ipcMain: IpcMainLike = { handle: (channel, listener) => { ipcHandlers.set(channel, listener); } };
  registerIpc(ipcMain, createDispatcher(services.handlers), () => true);
}, 60_000);

afterAll(async () => {
  await bridge?.stop();
  await services?.dispose();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

// Coverage calls send a probe no object schema accepts, so no service side effect (opening a
// browser, starting a server) runs; the answer still proves the route reaches the dispatcher.
const PROBE = 'contract-coverage-probe';

const isResult = (v: any): boolean =>
  !!v && typeof v === 'object' && (v.ok === true ? 'value' in v : v.ok === false && (ERROR_CODES as readonly string[]).includes(v.error?.code) && typeof v.error?.message === 'string');

describe('contract coverage', () => {
  it('channels.ts lists exactly the contract methods and events', () => {
    expect([...METHOD_NAMES].sort()).toEqual(contractMethods);
    expect([...EVENT_NAMES].sort()).toEqual(Object.keys(EVENTS).sort());
  });

  it('every method has a preload function', () => {
    const api = preload.exposed.get('api') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(contractMethods);
    for (const m of contractMethods) expect(typeof api[m]).toBe('function');
  });

  it('every method has an IPC handler on invoke:<method>, and nothing else is registered', async () => {
    expect([...ipcHandlers.keys()].sort()).toEqual(contractMethods.map((m) => IPC_INVOKE_PREFIX + m).sort());
    for (const m of contractMethods) {
      const result = await ipcHandlers.get(IPC_INVOKE_PREFIX + m)!({ senderFrame: { url: 'file:///app/index.html' } }, PROBE);
      expect(isResult(result), `${m} -> ${JSON.stringify(result)}`).toBe(true);
    }
  });

  it('every method has a bridge route answering a Result (never 404)', async () => {
    for (const m of contractMethods) {
      const res = await bridge.call(m, PROBE);
      expect(res.status, `${m}: ${res.text}`).toBe(200);
      expect(isResult(res.json), `${m} -> ${res.text}`).toBe(true);
      if (!res.json.ok) expect(res.json.error.code).not.toBe('UNKNOWN_METHOD');
    }
  });

  it('createMainServices provides a handler for exactly the contract methods', () => {
    expect(Object.keys(services.handlers).sort()).toEqual(contractMethods);
    for (const m of contractMethods) expect(typeof (services.handlers as Record<string, unknown>)[m]).toBe('function');
  });
});

describe('contract errors over the bridge', () => {
  it('answers an unknown method with 404 UNKNOWN_METHOD', async () => {
    for (const name of ['profiles:nope', 'constructor', '__proto__', 'toString']) {
      const res = await bridge.call(name, {});
      expect(res.status, name).toBe(404);
      expect(res.json).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    }
  });

  it('answers invalid input with INVALID_INPUT and field issues', async () => {
    const res = await bridge.call('profiles:save', { name: '', fhirBaseUrl: 'ftp://x', authMethod: 'client-credentials-post' });
    expect(res.status).toBe(200);
    expect(res.json.ok).toBe(false);
    expect(res.json.error.code).toBe('INVALID_INPUT');
    const paths = (res.json.error.issues as { path: string; message: string }[]).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'fhirBaseUrl', 'clientId']));
    for (const issue of res.json.error.issues) expect(issue.message).toEqual(expect.any(String));
  });

  it('answers a wrongly typed input with INVALID_INPUT rather than calling the service', async () => {
    const res = await bridge.call('profiles:get', { id: 42 });
    expect(res.json).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'id' }] } });
  });

  it('answers a valid call with the service value', async () => {
    const res = await bridge.call('profiles:list-presets');
    expect(res.json.ok).toBe(true);
    expect(Array.isArray(res.json.value)).toBe(true);
    expect(res.json.value.length).toBeGreaterThan(0);
  });
});
