import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { createShellBrowserOpener } from '../main/adapters/shell-browser-opener.ts';
import { createSenderCheck } from '../main/ipc/register-ipc.ts';
import { RENDERER_CSP } from '../main/windows/csp.ts';
import { createMainWindow, hardenSession, secureWebPreferences, type WindowElectron } from '../main/windows/main-window.ts';

/**
 * The Electron security checklist, item by item, on the real window and session code with
 * fake Electron objects: isolation and sandbox, no navigation or new windows, every permission
 * denied, a strict CSP, only local content, and openExternal only for http(s).
 *
 * main/main.test.ts covers the same through main.ts; this file adds the cases it does not
 * (redirects, webviews, arbitrary URLs and permission names, the CSP's content, the opener).
 */
const root = resolve(import.meta.dirname, '..');
const requireCjs = createRequire(import.meta.url);

type Listener = (...args: any[]) => any;

class FakeWindow {
  static created: FakeWindow[] = [];
  readonly handlers = new Map<string, Listener[]>();
  windowOpenHandler: Listener | undefined;
  loadFile = vi.fn(async (_f: string) => undefined);
  loadURL = vi.fn(async (_u: string) => undefined);
  show = vi.fn();
  once = vi.fn();
  readonly webContents = {
    setWindowOpenHandler: (fn: Listener) => { this.windowOpenHandler = fn; },
    on: (name: string, fn: Listener) => { this.handlers.set(name, [...(this.handlers.get(name) ?? []), fn]); },
  };
  constructor(readonly options: Record<string, any>) { FakeWindow.created.push(this); }
  /** Fires a webContents event the way Electron does and says whether the default was prevented. */
  prevented(name: string, ...args: unknown[]): boolean {
    let prevented = false;
    const event = { preventDefault: () => { prevented = true; } };
    for (const fn of this.handlers.get(name) ?? []) fn(event, ...args);
    return prevented;
  }
}

const electron = { BrowserWindow: FakeWindow } as unknown as WindowElectron;
const open = (source: { file: string; devServerUrl?: string }) => createMainWindow(electron, '/app/dist/main/preload.cjs', source) as unknown as FakeWindow;
const anyUrl = fc.oneof(fc.webUrl(), fc.constantFrom('file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,<script>1</script>', 'about:blank', 'chrome://settings', 'http://127.0.0.1:1/'));

describe('window preferences', () => {
  it('turns on isolation, the sandbox and web security, and every Node or legacy door off', () => {
    expect(secureWebPreferences('/p/preload.cjs')).toEqual({
      preload: '/p/preload.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false, webSecurity: true, allowRunningInsecureContent: false, experimentalFeatures: false,
      webviewTag: false, navigateOnDragDrop: false, spellcheck: false,
    });
  });

  it('every window main creates uses them (the window is built in one place)', async () => {
    const win = open({ file: '/app/dist/renderer/index.html' });
    expect(win.options.webPreferences).toEqual(secureWebPreferences('/app/dist/main/preload.cjs'));
    // No other file constructs a BrowserWindow, so no window can skip these preferences.
    const { readdir } = await import('node:fs/promises');
    const files = (await readdir(join(root, 'main'), { recursive: true })).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const constructing: string[] = [];
    for (const f of files) if (/new\s+(?:electron\.)?BrowserWindow\b|new\s+BrowserView\b|WebContentsView\b/.test(await readFile(join(root, 'main', f), 'utf8'))) constructing.push(f);
    expect(constructing).toEqual(['windows/main-window.ts']);
  });
});

describe('navigation and new windows', () => {
  it('denies window.open and prevents navigation, redirects and webviews, whatever the URL', () => {
    const win = open({ file: '/app/dist/renderer/index.html' });
    fc.assert(fc.property(anyUrl, (url) => {
      expect(win.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
      expect(win.prevented('will-navigate', url)).toBe(true);
      expect(win.prevented('will-redirect', url)).toBe(true);
      expect(win.prevented('will-attach-webview', {}, { src: url })).toBe(true);
    }), { numRuns: 50 });
  });
});

describe('content', () => {
  it('loads only the local renderer file when no dev server is configured', () => {
    const win = open({ file: '/app/dist/renderer/index.html' });
    expect(win.loadFile).toHaveBeenCalledWith('/app/dist/renderer/index.html');
    expect(win.loadURL).not.toHaveBeenCalled();
  });

  it('loads the loopback dev server when one is configured', () => {
    const win = open({ file: '/app/dist/renderer/index.html', devServerUrl: 'http://127.0.0.1:5173/' });
    expect(win.loadURL).toHaveBeenCalledWith('http://127.0.0.1:5173/');
    expect(win.loadFile).not.toHaveBeenCalled();
  });

  it('trusts IPC only from the app\'s own files or the dev server origin', () => {
    const check = createSenderCheck('file:///app/dist/renderer/index.html', 'http://127.0.0.1:5173/');
    expect(check('file:///app/dist/renderer/index.html#/keys')).toBe(true);
    expect(check('http://127.0.0.1:5173/profiles')).toBe(true);
    for (const url of ['file:///app/dist/other/index.html', 'file:///etc/passwd', 'http://127.0.0.1:5174/', 'http://localhost:5173/', 'https://evil.example/', 'http://127.0.0.1:5173.evil.example/', undefined]) {
      expect(check(url), String(url)).toBe(false);
    }
    const noDev = createSenderCheck('file:///app/dist/renderer/index.html');
    fc.assert(fc.property(fc.webUrl(), (url) => { expect(noDev(url)).toBe(false); }), { numRuns: 50 });
  });
});

describe('session', () => {
  function hardened() {
    const s = {
      request: undefined as Listener | undefined,
      check: undefined as Listener | undefined,
      headers: undefined as Listener | undefined,
      setPermissionRequestHandler(fn: Listener) { s.request = fn; },
      setPermissionCheckHandler(fn: Listener) { s.check = fn; },
      webRequest: { onHeadersReceived(fn: Listener) { s.headers = fn; } },
    };
    hardenSession(s as never);
    return s;
  }

  it('denies every permission request and check, for any permission and any origin', () => {
    const s = hardened();
    const permission = fc.oneof(fc.constantFrom('media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'serial', 'usb'), fc.string());
    fc.assert(fc.property(permission, fc.webUrl(), (name, origin) => {
      const callback = vi.fn();
      s.request!({ getURL: () => origin }, name, callback, { requestingUrl: origin });
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
      expect(s.check!({}, name, origin, {})).toBe(false);
    }), { numRuns: 50 });
  });

  it('puts the renderer CSP on every response, next to whatever the server sent', () => {
    const s = hardened();
    const callback = vi.fn();
    s.headers!({ url: 'https://any.example/x', responseHeaders: { 'content-security-policy': ["script-src *"], 'X-Kept': ['1'] } }, callback);
    const headers = callback.mock.calls[0]![0].responseHeaders as Record<string, string[]>;
    expect(headers['Content-Security-Policy']).toEqual([RENDERER_CSP]);
    // Browsers enforce every CSP header they get, so a server's looser policy cannot loosen ours.
    expect(headers['content-security-policy']).toEqual(['script-src *']);
    expect(headers['X-Kept']).toEqual(['1']);
  });
});

describe('the CSP itself', () => {
  const evaluator = requireCjs('@doyensec/csp-evaluator') as {
    CspParser: new (s: string) => { csp: unknown };
    CspEvaluator: new (csp: unknown, version: unknown) => { evaluate(): { severity: number; directive: string; value?: string; description: string }[] };
    Version: { CSP3: unknown };
    severities: Record<string, number>;
  };
  const evaluate = (policy: string) => new evaluator.CspEvaluator(new evaluator.CspParser(policy).csp, evaluator.Version.CSP3).evaluate();
  const directives = (policy: string) => new Map(policy.split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
    const [name, ...values] = d.split(/\s+/);
    return [name!, values] as const;
  }));

  it('has no high or medium weakness; its only caveat is script-src \'self\' (the app serves only its own bundle)', () => {
    const findings = evaluate(RENDERER_CSP);
    const { HIGH, MEDIUM, HIGH_MAYBE, SYNTAX } = evaluator.severities;
    expect(findings.filter((f) => [HIGH, MEDIUM, HIGH_MAYBE, SYNTAX].includes(f.severity))).toEqual([]);
    expect(findings.filter((f) => f.severity === evaluator.severities.MEDIUM_MAYBE).map((f) => `${f.directive} ${f.value}`)).toEqual(["script-src 'self'"]);
  });

  it('allows no remote origin at all, no inline or eval script, no plugins, frames or base changes', () => {
    const d = directives(RENDERER_CSP);
    for (const [name, values] of d) {
      for (const v of values) expect(`${name} ${v}`).toMatch(/ ('self'|'none'|'unsafe-inline'|data:|blob:)$/);
    }
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('default-src')).toEqual(["'self'"]);
    for (const name of ['object-src', 'base-uri', 'form-action', 'frame-src', 'frame-ancestors']) expect(d.get(name), name).toEqual(["'none'"]);
    expect(d.get('style-src')).not.toContain("'unsafe-eval'");
  });

  it('the page carries the same policy in a meta tag (file:// responses have no headers to add it to)', async () => {
    const html = await readFile(join(root, 'renderer/index.html'), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeDefined();
    // frame-ancestors is ignored in a meta tag, so the header alone carries it.
    const expected = new Map(directives(RENDERER_CSP));
    expected.delete('frame-ancestors');
    expect(directives(meta!)).toEqual(expected);
  });
});

describe('shell browser opener', () => {
  it('opens http and https URLs, exactly as given', async () => {
    const opened: string[] = [];
    const opener = createShellBrowserOpener({ openExternal: async (u) => void opened.push(u) });
    await opener.open('https://auth.example/authorize?client_id=a&state=s');
    await opener.open('http://127.0.0.1:8080/oauth/authorize');
    expect(opened).toEqual(['https://auth.example/authorize?client_id=a&state=s', 'http://127.0.0.1:8080/oauth/authorize']);
    expect(opener.opensInRenderer).toBe(false);
  });

  it('refuses every other scheme, and malformed or relative URLs, without calling the shell', async () => {
    const opened: string[] = [];
    const opener = createShellBrowserOpener({ openExternal: async (u) => void opened.push(u) });
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,x', 'vbscript:x', 'ms-settings:display', 'smb://host/share', 'fhir-auth-explorer://x', 'mailto:a@b.example', '/authorize', 'not a url', '']) {
      await expect(opener.open(url), url).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/only http\(s\)/) });
    }
    await fc.assert(fc.asyncProperty(fc.string(), async (s) => {
      const before = opened.length;
      const result = await opener.open(s).then(() => 'opened', (e: { code?: string }) => e.code);
      if (result === 'opened') {
        expect(['http:', 'https:']).toContain(new URL(s).protocol);
        expect(opened.length).toBe(before + 1);
      } else {
        expect(result).toBe('INVALID_INPUT');
        expect(opened.length).toBe(before);
      }
    }), { numRuns: 100 });
    expect(opened.every((u) => /^\s*https?:/i.test(u))).toBe(true);
  });
});
