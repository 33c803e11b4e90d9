import { contextBridge, ipcRenderer } from 'electron';
import { EVENT_NAMES, IPC_EVENT_PREFIX, IPC_INVOKE_PREFIX, METHOD_NAMES } from '../app/contract/index.ts';

/**
 * The sandboxed preload: exposes one function per contract method (`window.api`) and one
 * subscription per event (`window.apiEvents`), and nothing else: no ipcRenderer, no event
 * objects, no generic invoke.
 */
const api = Object.fromEntries(
  METHOD_NAMES.map((name) => [name, (input?: unknown) => ipcRenderer.invoke(IPC_INVOKE_PREFIX + name, input)]),
);

const apiEvents = Object.fromEntries(
  EVENT_NAMES.map((name) => [
    name,
    (listener: (payload: unknown) => void) => {
      const channel = IPC_EVENT_PREFIX + name;
      const wrapped = (_event: unknown, payload: unknown) => listener(payload);
      ipcRenderer.on(channel, wrapped);
      return () => { ipcRenderer.removeListener(channel, wrapped); };
    },
  ]),
);

contextBridge.exposeInMainWorld('api', api);
contextBridge.exposeInMainWorld('apiEvents', apiEvents);
