/**
 * TODO face of main/services/bulk
 */
export { dataDirExportFolders, type FolderPicker } from './folder-picker.ts';
export { BulkExportRunner } from './bulk-export-runner.ts';
