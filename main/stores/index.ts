/**
 * TODO face of main/stores
 */
export { AtomicJsonFile, type LoadOutcome } from './atomic-json-file.ts';
export { type FsPort } from './fs-port.ts';
