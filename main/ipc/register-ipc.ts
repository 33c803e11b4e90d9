import { IPC_INVOKE_PREFIX, METHOD_NAMES } from '../../app/contract/index.ts';
import type { Dispatch } from './dispatch.ts';

/** The part of Electron's ipcMain this module uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: { senderFrame?: { url: string } | null }, ...args: unknown[]) => unknown): void;
}

/** Decides whether an IPC message comes from the app's own page. */
export type SenderCheck = (frameUrl: string | undefined) => boolean;

/**
 * Trusts only frames showing the app's own files (file://…/dist/renderer) or the dev server.
 *
 * Guards against a navigated or injected frame calling main (Electron security checklist #17).
 */
export function createSenderCheck(rendererFileUrl: string, devServerUrl?: string): SenderCheck {
  const dir = rendererFileUrl.slice(0, rendererFileUrl.lastIndexOf('/') + 1);
  const devOrigin = devServerUrl ? new URL(devServerUrl).origin : undefined;
  const originOf = (u: string) => { try { return new URL(u).origin; } catch { return undefined; } };
  return (url) => !!url && (url.startsWith(dir) || (!!devOrigin && originOf(url) === devOrigin));
}

/**
 * Registers one `ipcMain.handle` per contract method, each going through the dispatcher.
 *
 * Messages from untrusted frames get a typed error, never reach a service.
 */
export function registerIpc(ipcMain: IpcMainLike, dispatch: Dispatch, isTrusted: SenderCheck): void {
  for (const name of METHOD_NAMES) {
    ipcMain.handle(IPC_INVOKE_PREFIX + name, (event, input) => {
      if (!isTrusted(event.senderFrame?.url)) return { ok: false, error: { code: 'FORBIDDEN', message: 'Refused: message from a frame that is not the app' } };
      return dispatch(name, input);
    });
  }
}
