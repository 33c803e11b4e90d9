import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import vm from 'node:vm';
import { createBuilder } from 'vite';

const root = resolve(import.meta.dirname, '../..');

/**
 * Builds the sandboxed preload with the project's own vite.config.ts into a temp folder and
 * returns its code.
 *
 * Building fresh (instead of reading dist/) means the test sees today's sources, and writing
 * elsewhere means it never empties dist/ under a concurrently running e2e suite.
 */
export async function buildPreloadBundle(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'fae-preload-'));
  try {
    const builder = await createBuilder({
      configFile: resolve(root, 'vite.config.ts'),
      logLevel: 'silent',
      environments: { electron_preload: { build: { outDir } } },
    });
    const env = builder.environments.electron_preload;
    if (!env) throw new Error('vite.config.ts has no electron_preload environment');
    await builder.build(env);
    return await readFile(join(outDir, 'preload.cjs'), 'utf8');
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/** A listener the preload registered with ipcRenderer.on. */
type IpcListener = (event: unknown, ...args: unknown[]) => void;

/** What a preload did when run against a fake `electron`. */
export interface PreloadRun {
  /** Every module name the preload asked `require` for, in order. */
  required: string[];
  /** What it passed to contextBridge.exposeInMainWorld, by key. */
  exposed: Map<string, unknown>;
  /** Calls the preload made to ipcRenderer.invoke: [channel, ...args]. */
  invokes: unknown[][];
  /** Listeners currently registered per channel. */
  listeners: Map<string, Set<IpcListener>>;
  /** What the fake ipcRenderer.invoke resolves to. */
  invokeResult: { ok: true; value: string };
}

/**
 * Runs a CommonJS preload in a fresh V8 context whose `require` provides only `electron`
 * (contextBridge + ipcRenderer fakes), as Electron's sandbox does.
 *
 * Any other module request throws, so a bundle that pulls in Node modules or a shared chunk
 * fails loudly.
 */
export function runPreloadBundle(code: string): PreloadRun {
  const run: PreloadRun = { required: [], exposed: new Map(), invokes: [], listeners: new Map(), invokeResult: { ok: true, value: 'from-main' } };
  const electron = {
    contextBridge: {
      exposeInMainWorld(key: string, value: unknown) {
        if (run.exposed.has(key)) throw new Error(`exposeInMainWorld called twice for ${key}`);
        run.exposed.set(key, value);
      },
    },
    ipcRenderer: {
      invoke(channel: string, ...args: unknown[]) {
        run.invokes.push([channel, ...args]);
        return Promise.resolve(run.invokeResult);
      },
      on(channel: string, listener: IpcListener) {
        const set = run.listeners.get(channel) ?? new Set<IpcListener>();
        set.add(listener);
        run.listeners.set(channel, set);
      },
      removeListener(channel: string, listener: IpcListener) {
        run.listeners.get(channel)?.delete(listener);
      },
    },
  };
  const fakeRequire = (name: string) => {
    run.required.push(name);
    if (name === 'electron') return electron;
    throw new Error(`The sandboxed preload may only require electron, not ${name}`);
  };
  const context = vm.createContext({});
  const module = { exports: {} };
  const fn = vm.compileFunction(code, ['exports', 'require', 'module'], { parsingContext: context, filename: 'preload.cjs' });
  fn(module.exports, fakeRequire, module);
  return run;
}
