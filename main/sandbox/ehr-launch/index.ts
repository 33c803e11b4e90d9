/**
 * TODO face of main/sandbox/ehr-launch
 */
export { handleSandboxPages } from './ehr-simulator.ts';
