/**
 * The Console area's public face: its page, composed by the app shell (features never import each other).
 */
export { default as ConsolePage } from './components/console-page.tsx';
