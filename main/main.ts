import { app, BrowserWindow, dialog, ipcMain, safeStorage, session, shell } from 'electron';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { EVENT_NAMES, IPC_EVENT_PREFIX } from '../app/contract/index.ts';
import { createDialogFolderPicker, createSafeStorageCipher, createShellBrowserOpener } from './adapters/index.ts';
import { createMainServices, type MainServices } from './compose.ts';
import { createDispatcher, createSenderCheck, registerIpc } from './ipc/index.ts';
import type { EventSink } from './ports.ts';
import { createMainWindow, hardenSession } from './windows/index.ts';

/**
 * Electron composition root: single-instance lock, hardened session, services, IPC, window.
 *
 * Everything with behaviour lives in services shared with browser mode; this file only wires
 * Electron's objects to them.
 */
const here = dirname(fileURLToPath(import.meta.url));
const rendererFile = join(here, '../renderer/index.html');
const preloadPath = join(here, 'preload.cjs');
/** The Vite dev server, honoured only on loopback: a remote page must never get the preload API. */
const devServerUrl = ((u) => {
  if (!u) return undefined;
  try {
    const { protocol, hostname } = new URL(u);
    if (protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(hostname)) return u;
  } catch { /* refused below */ }
  console.error(`Ignoring VITE_DEV_SERVER_URL=${u}: only http://127.0.0.1 or localhost dev servers are loaded.`);
  return undefined;
})(process.env.VITE_DEV_SERVER_URL);
let services: MainServices | undefined;

const events: EventSink = {
  emit(event, payload) {
    if (!(EVENT_NAMES as readonly string[]).includes(event)) return;
    for (const win of BrowserWindow.getAllWindows()) win.webContents.send(IPC_EVENT_PREFIX + event, payload);
  },
};

function focusExisting(): void {
  const [win] = BrowserWindow.getAllWindows();
  if (!win) return;
  if (win.isMinimized()) win.restore();
  win.focus();
}

async function start(): Promise<void> {
  await app.whenReady();
  hardenSession(session.defaultSession);
  const version = (JSON.parse(readFileSync(join(here, '../../package.json'), 'utf8')) as { version: string }).version;
  services = await createMainServices({
    mode: 'electron', version, dataDir: app.getPath('userData'), cipher: createSafeStorageCipher(safeStorage), events,
    browser: createShellBrowserOpener(shell),
    folderPicker: createDialogFolderPicker(dialog),
  });
  const dispatch = createDispatcher(services.handlers, (method, e) => console.error(`[ipc] ${method} failed unexpectedly:`, e));
  registerIpc(ipcMain, dispatch, createSenderCheck(pathToFileURL(rendererFile).href, devServerUrl));
  createMainWindow({ BrowserWindow }, preloadPath, { file: rendererFile, devServerUrl });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow({ BrowserWindow }, preloadPath, { file: rendererFile, devServerUrl });
  });
}

// FAE_DATA_DIR moves the user-data folder (portable installs, isolated test runs), as in browser mode.
if (process.env.FAE_DATA_DIR) app.setPath('userData', process.env.FAE_DATA_DIR);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', focusExisting);
  app.on('web-contents-created', (_e, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event) => event.preventDefault());
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => void services?.dispose());
  start().catch((e: unknown) => {
    console.error('FHIR Auth Explorer failed to start:', e);
    app.quit();
  });
}
