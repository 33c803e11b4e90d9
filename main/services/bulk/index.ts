/**
 * Bulk Data `$export` runs: kick-off, status polling, downloads in a worker thread, previews.
 */
export { dataDirExportFolders, type FolderPicker } from './folder-picker.ts';
export { BulkExportRunner } from './bulk-export-runner.ts';
