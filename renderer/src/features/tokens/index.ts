/**
 * The Tokens area's public face: its page, composed by the app shell (features never import each other).
 */
export { default as TokensPage } from './components/tokens-page.tsx';
