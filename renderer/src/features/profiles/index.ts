/**
 * The Profiles area's public face: its page, composed by the app shell (features never import each other).
 */
export { default as ProfilesPage } from './components/profiles-page.tsx';
