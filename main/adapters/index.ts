/**
 * TODO face of main/adapters
 */
export { createDialogFolderPicker } from './dialog-folder-picker.ts';
export { createSafeStorageCipher } from './safe-storage-cipher.ts';
export { createShellBrowserOpener } from './shell-browser-opener.ts';
export { createFileFallbackCipher } from './file-fallback-cipher.ts';
