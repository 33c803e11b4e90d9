/**
 * Atomic, versioned JSON files with backups, and the file-system port the stores write through.
 */
export { AtomicJsonFile, type LoadOutcome } from './atomic-json-file.ts';
export { type FsPort } from './fs-port.ts';
