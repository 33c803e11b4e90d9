import { beforeAll, describe, expect, it, vi } from 'vitest';
import { EVENT_NAMES, IPC_EVENT_PREFIX, IPC_INVOKE_PREFIX, METHOD_NAMES } from '../app/contract/channels.ts';
import { buildPreloadBundle, runPreloadBundle, type PreloadRun } from './support/preload-bundle.ts';

/**
 * The built preload (dist/main/preload.cjs as vite.config.ts produces it), run in node:vm the
 * way Electron's sandbox runs it: one file, `require('electron')` only.
 */
let code = '';
let run: PreloadRun;

beforeAll(async () => {
  code = await buildPreloadBundle();
  run = runPreloadBundle(code);
}, 60_000);

type Fn = (...args: unknown[]) => unknown;
const api = () => run.exposed.get('api') as Record<string, Fn>;
const apiEvents = () => run.exposed.get('apiEvents') as Record<string, (listener: Fn) => () => void>;

describe('built preload', () => {
  it('is a single CommonJS file that requires nothing but electron', () => {
    expect(run.required).toEqual(['electron']);
    expect(code).not.toMatch(/\bimport\s*\(|^\s*import\s|^\s*export\s/m);
  });

  it('exposes exactly window.api and window.apiEvents', () => {
    expect([...run.exposed.keys()].sort()).toEqual(['api', 'apiEvents']);
  });

  it('gives window.api one function per contract method and nothing else', () => {
    expect(Object.keys(api()).sort()).toEqual([...METHOD_NAMES].sort());
    for (const name of METHOD_NAMES) expect(typeof api()[name]).toBe('function');
  });

  it('forwards each method to ipcRenderer.invoke on its own channel with only the input', async () => {
    for (const name of METHOD_NAMES) {
      run.invokes.length = 0;
      const input = { probe: name };
      await expect(api()[name]!(input, 'extra-argument-dropped')).resolves.toBe(run.invokeResult);
      expect(run.invokes).toEqual([[IPC_INVOKE_PREFIX + name, input]]);
    }
  });

  it('gives window.apiEvents one subscription per event that passes the payload, not the IPC event', () => {
    expect(Object.keys(apiEvents()).sort()).toEqual([...EVENT_NAMES].sort());
    for (const name of EVENT_NAMES) {
      const listener = vi.fn();
      const unsubscribe = apiEvents()[name]!(listener);
      const channel = IPC_EVENT_PREFIX + name;
      const registered = [...(run.listeners.get(channel) ?? [])];
      expect(registered).toHaveLength(1);
      registered[0]!({ sender: 'ipc-event-object' }, { ids: ['a'] });
      expect(listener).toHaveBeenCalledWith({ ids: ['a'] });
      expect(listener.mock.calls[0]).toHaveLength(1);
      expect(typeof unsubscribe).toBe('function');
      unsubscribe();
      expect(run.listeners.get(channel)?.size).toBe(0);
    }
  });

  it('keeps the subscriptions of other listeners when one unsubscribes', () => {
    const name = EVENT_NAMES[0];
    const first = vi.fn();
    const second = vi.fn();
    const offFirst = apiEvents()[name]!(first);
    const offSecond = apiEvents()[name]!(second);
    offFirst();
    const remaining = [...(run.listeners.get(IPC_EVENT_PREFIX + name) ?? [])];
    expect(remaining).toHaveLength(1);
    remaining[0]!({}, 'payload');
    expect(second).toHaveBeenCalledWith('payload');
    expect(first).not.toHaveBeenCalled();
    offSecond();
  });
});
