/**
 * Main's JSON tree thread for large console bodies: parsed off the main loop, rows on demand.
 */
export { TreeHost } from './tree-host.ts';
