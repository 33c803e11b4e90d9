/**
 * The Keys area's public face: its page, plus the secret editor and key picker the app shell
 * plugs into the profile views (features never import each other).
 */
export { default as KeysPage } from './components/keys-page.tsx';
export { ClientSecretEditor } from './components/client-secret-editor.tsx';
export { KeyName, KeyPicker } from './components/key-picker.tsx';
