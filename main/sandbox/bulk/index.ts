/**
 * TODO face of main/sandbox/bulk
 */
export { BulkExportService, type BulkExportOptions } from './bulk-export.ts';
