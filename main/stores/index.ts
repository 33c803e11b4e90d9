/**
 * Atomic, versioned JSON files with backups; JsonStore, which serialises every mutation with its
 * read; and the file-system port the stores write through.
 */
export { AtomicJsonFile, type LoadOutcome } from './atomic-json-file.ts';
export { nodeFs, type FsPort } from './fs-port.ts';
export { JsonStore, type Mutation } from './json-store.ts';
