import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_INVOKE_PREFIX, METHOD_NAMES } from '../app/contract/channels.ts';
import { RENDERER_CSP } from './windows/csp.ts';

/**
 * The Electron composition root, run for real against a mocked `electron` module.
 *
 * `vi.mock('electron')` needs a factory: automocking loads the real package, whose index.js
 * tries to download the binary. Every test re-imports main.ts so its top-level code runs again.
 */

type Listener = (...args: any[]) => any;

class FakeEmitter {
  readonly listeners = new Map<string, Listener[]>();
  on = vi.fn((name: string, fn: Listener) => {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
    return this;
  });
  once = this.on;
  fire(name: string, ...args: unknown[]): unknown[] {
    return (this.listeners.get(name) ?? []).map((fn) => fn(...args));
  }
}

class FakeWebContents extends FakeEmitter {
  windowOpenHandler: Listener | undefined;
  setWindowOpenHandler = vi.fn((fn: Listener) => { this.windowOpenHandler = fn; });
  send = vi.fn();
}

const h = vi.hoisted(() => ({
  windows: [] as any[],
  handlers: new Map<string, (...args: any[]) => unknown>(),
  gotLock: true,
  userData: '',
  session: undefined as any,
  app: undefined as any,
}));

vi.mock('electron', () => {
  class BrowserWindow extends FakeEmitter {
    static getAllWindows = () => h.windows;
    readonly options: Record<string, any>;
    readonly webContents = new FakeWebContents();
    loadFile = vi.fn(async () => {});
    loadURL = vi.fn(async () => {});
    show = vi.fn();
    focus = vi.fn();
    restore = vi.fn();
    isMinimized = vi.fn(() => false);
    constructor(options: Record<string, any>) {
      super();
      this.options = options;
      h.windows.push(this);
    }
  }
  const app = Object.assign(new FakeEmitter(), {
    requestSingleInstanceLock: vi.fn(() => h.gotLock),
    quit: vi.fn(),
    whenReady: vi.fn(() => Promise.resolve()),
    getPath: vi.fn(() => h.userData),
    setPath: vi.fn(),
  });
  h.app = app;
  const session = {
    defaultSession: {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      webRequest: { onHeadersReceived: vi.fn() },
    },
  };
  h.session = session.defaultSession;
  const ipcMain = { handle: vi.fn((channel: string, fn: (...args: any[]) => unknown) => h.handlers.set(channel, fn)) };
  const safeStorage = {
    isEncryptionAvailable: () => true,
    encryptString: (s: string) => Buffer.from(s),
    decryptString: (b: Buffer) => b.toString(),
  };
  const shell = { openExternal: vi.fn(async () => {}) };
  const dialog = { showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: [] })) };
  const electron = { app, BrowserWindow, ipcMain, safeStorage, session, shell, dialog };
  return { ...electron, default: electron };
});

// main.ts reads the version from ../../package.json, which is right next to dist/main/main.mjs
// in a build but one folder too high for the source file; serve the real package.json there.
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const { resolve } = await import('node:path');
  const expected = resolve(import.meta.dirname, '../../package.json');
  const actual = resolve(import.meta.dirname, '../package.json');
  const readFileSync = ((p: any, ...rest: any[]) =>
    (real.readFileSync as any)(typeof p === 'string' && resolve(p) === expected ? actual : p, ...rest)) as typeof real.readFileSync;
  return { ...real, readFileSync, default: { ...real, readFileSync } };
});

const appFileUrl = pathToFileURL(resolve(import.meta.dirname, '../renderer/index.html')).href;

async function startMain(): Promise<void> {
  await import('./main.ts');
  if (h.gotLock) await vi.waitFor(() => expect(h.windows).toHaveLength(1));
}

const win = () => h.windows[0] as { options: Record<string, any>; webContents: FakeWebContents };

beforeEach(() => {
  h.windows.length = 0;
  h.handlers.clear();
  h.gotLock = true;
  h.userData = mkdtempSync(join(tmpdir(), 'fae-main-'));
  vi.resetModules();
  vi.clearAllMocks();
});

afterEach(() => {
  rmSync(h.userData, { recursive: true, force: true });
});

describe('single instance', () => {
  it('asks for the lock and starts normally when it gets it', async () => {
    await startMain();
    expect(h.app.requestSingleInstanceLock).toHaveBeenCalledTimes(1);
    expect(h.app.quit).not.toHaveBeenCalled();
    expect(h.app.listeners.has('second-instance')).toBe(true);
  });

  it('quits without opening a window or registering IPC when another instance holds the lock', async () => {
    h.gotLock = false;
    await startMain();
    await new Promise((r) => setTimeout(r, 50));
    expect(h.app.quit).toHaveBeenCalledTimes(1);
    expect(h.windows).toHaveLength(0);
    expect(h.handlers.size).toBe(0);
  });
});

describe('IPC registration', () => {
  it('registers exactly one invoke handler per contract method', async () => {
    await startMain();
    const expected = METHOD_NAMES.map((m) => IPC_INVOKE_PREFIX + m).sort();
    expect([...h.handlers.keys()].sort()).toEqual(expected);
  });

  it('answers the app\'s own page with a real Result', async () => {
    await startMain();
    const handler = h.handlers.get(`${IPC_INVOKE_PREFIX}profiles:list`)!;
    const result = await handler({ senderFrame: { url: appFileUrl } }, {});
    // A fresh install holds the three built-in sandbox profiles.
    expect((result as any).ok).toBe(true);
    expect((result as any).value.map((p: any) => p.name)).toEqual(['Sandbox: backend services (private_key_jwt)', 'Sandbox: client secret', 'Sandbox: SMART app (PKCE)', 'Sandbox: SMART app (private_key_jwt)']);
    const status = (await h.handlers.get(`${IPC_INVOKE_PREFIX}app:get-status`)!({ senderFrame: { url: appFileUrl } }, {})) as any;
    expect(status.ok).toBe(true);
    expect(status.value).toMatchObject({ mode: 'electron', dataDir: h.userData, secretProtection: 'os-keychain' });
  });

  it('refuses a frame that is not the app', async () => {
    await startMain();
    const handler = h.handlers.get(`${IPC_INVOKE_PREFIX}profiles:list`)!;
    const foreign = (await handler({ senderFrame: { url: 'https://evil.example/' } }, {})) as any;
    expect(foreign.ok).toBe(false);
    expect(foreign.error.message).toMatch(/refused/i);
    const missing = (await handler({ senderFrame: null }, {})) as any;
    expect(missing.ok).toBe(false);
  });
});

describe('main window', () => {
  it('uses isolated, sandboxed webPreferences with web security and the bundled preload', async () => {
    await startMain();
    const prefs = win().options.webPreferences;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(prefs.preload).toMatch(/[/\\]preload\.cjs$/);
    expect(win().options.webPreferences.nodeIntegrationInSubFrames).not.toBe(true);
  });

  it('denies window.open from the page', async () => {
    await startMain();
    expect(win().webContents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('prevents navigation away from the app', async () => {
    await startMain();
    const event = { preventDefault: vi.fn() };
    win().webContents.fire('will-navigate', event, 'https://evil.example/');
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('guards every web contents created later (new windows denied, navigation prevented)', async () => {
    await startMain();
    const contents = new FakeWebContents();
    h.app.fire('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    const event = { preventDefault: vi.fn() };
    contents.fire('will-navigate', event, 'https://evil.example/');
    expect(event.preventDefault).toHaveBeenCalled();
  });
});

describe('session hardening', () => {
  it('denies every permission request and check', async () => {
    await startMain();
    const request = h.session.setPermissionRequestHandler.mock.calls[0]?.[0] as Listener;
    const callback = vi.fn();
    request({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    const check = h.session.setPermissionCheckHandler.mock.calls[0]?.[0] as Listener;
    expect(check({}, 'notifications')).toBe(false);
  });

  it('adds the renderer CSP to every response, allowing only the app\'s own scripts', async () => {
    await startMain();
    const listener = h.session.webRequest.onHeadersReceived.mock.calls[0]?.[0] as Listener;
    const callback = vi.fn();
    listener({ url: appFileUrl, responseHeaders: { 'X-Other': ['kept'] } }, callback);
    const headers = callback.mock.calls[0]?.[0].responseHeaders as Record<string, string[]>;
    expect(headers['X-Other']).toEqual(['kept']);
    expect(headers['Content-Security-Policy']).toEqual([RENDERER_CSP]);
    const scriptSrc = headers['Content-Security-Policy']![0]!.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src '));
    expect(scriptSrc).toBeDefined();
    expect(scriptSrc!.split(/\s+/)).toContain("'self'");
    expect(scriptSrc).not.toMatch(/'unsafe-inline'|'unsafe-eval'/);
  });
});

describe('dev server URL', () => {
  afterEach(() => { delete process.env.VITE_DEV_SERVER_URL; });

  it('loads a loopback dev server', async () => {
    process.env.VITE_DEV_SERVER_URL = 'http://127.0.0.1:5173';
    await startMain();
    expect((win() as any).loadURL).toHaveBeenCalledWith('http://127.0.0.1:5173');
  });

  it('ignores a remote dev server URL and loads the built files instead', async () => {
    process.env.VITE_DEV_SERVER_URL = 'https://evil.example/';
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    await startMain();
    expect((win() as any).loadURL).not.toHaveBeenCalled();
    expect((win() as any).loadFile).toHaveBeenCalled();
    expect(error.mock.calls.flat().join(' ')).toContain('only http://127.0.0.1 or localhost');
    error.mockRestore();
  });
});
