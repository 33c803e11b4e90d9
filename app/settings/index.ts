/**
 * The app's settings (run history limits; more sections later): their schema, defaults and how
 * a change is applied. Main keeps them in the data folder; the Settings area edits them.
 */
export { applySettingsPatch, defaultSettings, RunHistorySettings, Settings, SETTINGS_SECTIONS, SettingsPatch } from './schema.ts';
