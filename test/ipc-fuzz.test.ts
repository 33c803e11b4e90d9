import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IPC_INVOKE_PREFIX } from '../app/contract/channels.ts';
import { CONTRACT, ERROR_CODES, METHOD_NAMES } from '../app/contract/index.ts';
import { createMainServices, type MainServices } from '../main/compose.ts';
import { createDispatcher } from '../main/ipc/dispatch.ts';
import { createSenderCheck, registerIpc, type IpcMainLike } from '../main/ipc/register-ipc.ts';
import { createFakeCipher } from '../main/testing/fake-cipher.ts';
import { rawRequest, startTestBridge, type TestBridge } from './support/bridge-http.ts';
import { snapshotDir } from './support/data-snapshot.ts';
import { cloneOnlyValue, fixedMalformedInputs, malformedInput, POLLUTERS, prototypePolluted } from './support/malformed-input.ts';

/**
 * Property-based abuse of every contract method through both transports: Electron IPC (the real
 * registerIpc with a trusted sender) and the browser-mode bridge (real HTTP with the secret).
 *
 * Every malformed call must come back as a typed error Result (never a throw, never a 500), its
 * message must not echo a huge input, and the data folder must be byte-for-byte unchanged.
 * Inputs are filtered through each method's schema, so no call is valid: methods that write,
 * connect or open listeners on valid input are exercised only on their validation.
 */
const RUNS = 30;
const APP_URL = 'file:///app/dist/renderer/index.html';
const errorCodes = new Set<string>(ERROR_CODES);
const violations: string[] = [];

/** What every refused call must look like, whichever transport carried it. */
function checkRefusal(method: string, result: unknown): void {
  const r = result as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  const problem = r?.ok !== false ? 'did not fail'
    : !errorCodes.has(String(r.error?.code)) ? `code ${String(r.error?.code)} is not in ERROR_CODES`
      : typeof r.error?.message !== 'string' ? 'no message'
        : r.error.message.length > 4000 ? `a ${r.error.message.length}-character message (echoes the input?)`
          : undefined;
  if (problem) violations.push(`${method}: ${problem}: ${JSON.stringify(result)?.slice(0, 200)}`);
}

describe('IPC: every method refuses malformed input with a typed error', () => {
  let dataDir: string;
  let services: MainServices;
  const handlers = new Map<string, (event: { senderFrame?: { url: string } | null }, ...args: unknown[]) => unknown>();

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'fae-ipc-fuzz-'));
    services = await createMainServices({ mode: 'electron', version: '0.0.0-fuzz', dataDir, cipher: createFakeCipher(), events: { emit: () => undefined } });
    const ipcMain: IpcMainLike = { handle: (channel, listener) => void handlers.set(channel, listener) };
    registerIpc(ipcMain, createDispatcher(services.handlers), createSenderCheck(APP_URL));
  });
  afterAll(async () => {
    await services?.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('for all methods, without throwing or touching stored data', async () => {
    violations.length = 0;
    const before = await snapshotDir(dataDir);
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['profiles.json', 'keys.json', 'secrets.json']));
    let calls = 0;
    for (const method of METHOD_NAMES) {
      const handler = handlers.get(IPC_INVOKE_PREFIX + method);
      expect(handler, method).toBeDefined();
      const call = async (input: unknown) => {
        calls++;
        let result: unknown;
        try {
          result = await handler!({ senderFrame: { url: APP_URL } }, input);
        } catch (e) {
          violations.push(`${method}: threw ${String(e)}`);
          return;
        }
        checkRefusal(method, result);
        if ((result as { error?: { code?: string } }).error?.code !== 'INVALID_INPUT') violations.push(`${method}: reached past validation: ${JSON.stringify(result).slice(0, 200)}`);
      };
      for (const input of fixedMalformedInputs(CONTRACT[method].input)) await call(input);
      await fc.assert(fc.asyncProperty(malformedInput(CONTRACT[method].input, cloneOnlyValue), call), { numRuns: RUNS });
    }
    expect(violations).toEqual([]);
    expect(calls).toBeGreaterThanOrEqual(METHOD_NAMES.length * RUNS);
    expect(prototypePolluted()).toBe(false);
    expect(await snapshotDir(dataDir)).toEqual(before);
  });
});

describe('bridge: every method refuses malformed input over real HTTP', () => {
  let bridge: TestBridge;

  beforeAll(async () => {
    bridge = await startTestBridge();
  });
  afterAll(async () => {
    await bridge?.stop();
  });

  it('for all methods, never a 500, never a change to stored data', async () => {
    violations.length = 0;
    const before = await snapshotDir(bridge.dataDir);
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['profiles.json', 'keys.json', 'secrets.json', 'secret-fallback.key']));
    let calls = 0;
    for (const method of METHOD_NAMES) {
      const call = async (input: unknown) => {
        calls++;
        const res = await bridge.call(method, input);
        if (res.status >= 500) violations.push(`${method}: HTTP ${res.status}`);
        if (res.json === undefined) violations.push(`${method}: HTTP ${res.status} with a body that is not JSON: ${res.text.slice(0, 100)}`);
        else checkRefusal(method, res.json);
      };
      for (const input of fixedMalformedInputs(CONTRACT[method].input)) await call(input);
      await fc.assert(fc.asyncProperty(malformedInput(CONTRACT[method].input), call), { numRuns: RUNS });
    }
    expect(violations).toEqual([]);
    expect(calls).toBeGreaterThanOrEqual(METHOD_NAMES.length * RUNS);
    expect(prototypePolluted()).toBe(false);
    expect(await snapshotDir(bridge.dataDir)).toEqual(before);
    // Still healthy afterwards.
    const list = await bridge.call('profiles:list', {});
    expect(list.status).toBe(200);
    expect(list.json.ok).toBe(true);
  });

  it('refuses bodies that are not JSON, and unknown or garbled method names, with typed errors', async () => {
    violations.length = 0;
    const before = await snapshotDir(bridge.dataDir);
    const headers = (type = 'application/json') => ({
      host: `127.0.0.1:${bridge.server.port}`, origin: bridge.server.origin, 'content-type': type, 'x-bridge-secret': bridge.server.secret,
    });
    await fc.assert(fc.asyncProperty(fc.constantFrom(...METHOD_NAMES), fc.string({ maxLength: 200 }), async (method, body) => {
      let parses = true;
      try { JSON.parse(body); } catch { parses = false; }
      fc.pre(!parses && body.trim() !== '');
      const res = await rawRequest(bridge.server.port, { method: 'POST', path: `/api/${method}`, headers: headers(), body });
      expect(res.status).toBe(400);
      checkRefusal(method, JSON.parse(res.text));
    }), { numRuns: RUNS });
    const name = fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'profiles:list/', 'Profiles:List', ' profiles:list'));
    await fc.assert(fc.asyncProperty(name, async (n) => {
      fc.pre(!(METHOD_NAMES as readonly string[]).includes(n) && n !== 'events');
      const res = await rawRequest(bridge.server.port, { method: 'POST', path: `/api/${encodeURIComponent(n)}`, headers: headers(), body: '{}' });
      if (res.status >= 500) violations.push(`${JSON.stringify(n)}: HTTP ${res.status}`);
      checkRefusal(JSON.stringify(n), JSON.parse(res.text));
    }), { numRuns: 60 });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '']) {
      const res = await rawRequest(bridge.server.port, { method: 'POST', path: '/api/profiles:save', headers: headers(type), body: '{"name":"x"}' });
      expect(res.status, type).toBe(415);
      checkRefusal(type, JSON.parse(res.text));
    }
    expect(violations).toEqual([]);
    expect(await snapshotDir(bridge.dataDir)).toEqual(before);
  });
});

describe('validation strips pollution keys before any handler sees the input', () => {
  it('no parsed input carries __proto__, constructor or prototype as own keys', () => {
    for (const method of METHOD_NAMES) {
      for (const p of POLLUTERS) {
        const parsed = CONTRACT[method].input.safeParse(p);
        if (!parsed.success || typeof parsed.data !== 'object' || parsed.data === null) continue;
        for (const k of ['__proto__', 'constructor', 'prototype']) expect(Object.hasOwn(parsed.data, k), `${method} kept ${k}`).toBe(false);
        expect(Object.getPrototypeOf(parsed.data), method).toBe(Object.prototype);
      }
    }
  });
});
