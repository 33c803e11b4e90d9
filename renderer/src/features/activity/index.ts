/**
 * The Activity area's public face: its page, composed by the app shell (features never import each other).
 */
export { default as ActivityPage } from './components/activity-page.tsx';
