import { create } from 'zustand';

/** What the Keys area's right-hand pane shows. */
export type KeysPane = { kind: 'empty' } | { kind: 'view'; id: string } | { kind: 'generate' } | { kind: 'import' };

interface KeysUiState {
  pane: KeysPane;
  /** The port the local JWKS host starts on (0 = any free port). */
  hostPort: number;
  paneChanged: (pane: KeysPane) => void;
  hostPortChanged: (port: number) => void;
}

/** Keys area UI state: the selected pane and the host port to use. Keys themselves live in react-query. */
export const useKeysUiStore = create<KeysUiState>((set) => ({
  pane: { kind: 'empty' },
  hostPort: 0,
  paneChanged: (pane) => set({ pane }),
  hostPortChanged: (hostPort) => set({ hostPort }),
}));
