/**
 * The Settings area's public face: its page, composed by the app shell. One section per group of
 * settings (app/settings); the run history's limits and what it holds today.
 */
export { default as SettingsPage } from './components/settings-page.tsx';
