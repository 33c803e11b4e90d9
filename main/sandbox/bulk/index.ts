/**
 * The sandbox's Bulk Data `$export`: kick-off, status, manifest and streamed NDJSON files.
 */
export { BulkExportService, type BulkExportOptions } from './bulk-export.ts';
