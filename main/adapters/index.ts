/**
 * Electron implementations of main's ports (safeStorage cipher, shell browser opener, folder
 * dialog) and the browser-mode file cipher. The only service-side files that import `electron`.
 */
export { createDialogFolderPicker } from './dialog-folder-picker.ts';
export { createSafeStorageCipher } from './safe-storage-cipher.ts';
export { createShellBrowserOpener } from './shell-browser-opener.ts';
export { createFileFallbackCipher } from './file-fallback-cipher.ts';
