/**
 * The simulated EHR that launches an app (SMART EHR launch): issues `launch` values and serves
 * its page.
 */
export { handleSandboxPages } from './ehr-simulator.ts';
