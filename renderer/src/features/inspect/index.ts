/**
 * The Inspect area's public face: its page, composed by the app shell (features never import each other).
 */
export { default as InspectPage } from './components/inspect-page.tsx';
