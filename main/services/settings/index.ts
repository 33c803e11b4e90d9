/**
 * The app's settings kept in the data folder: the service the contract's settings methods call,
 * and the change listener the run history uses to apply new limits.
 */
export { SettingsService, type SettingsListener, type SettingsServiceDeps } from './settings-service.ts';
