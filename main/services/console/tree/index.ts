/**
 * TODO face of main/services/console/tree
 */
export { TreeHost } from './tree-host.ts';
