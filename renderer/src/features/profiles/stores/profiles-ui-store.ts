import { create } from 'zustand';
import type { ProfileInput } from '../../../../../app/profiles/index.ts';

/** What the right-hand pane shows. */
export type ProfilePane =
  | { kind: 'empty' }
  | { kind: 'view'; id: string }
  | { kind: 'edit'; id: string }
  | { kind: 'new'; draft: ProfileInput };

interface ProfilesUiState {
  search: string;
  pane: ProfilePane;
  pickingPreset: boolean;
  searchChanged: (search: string) => void;
  paneChanged: (pane: ProfilePane) => void;
  presetPickerToggled: (open: boolean) => void;
}

/** Profiles area UI state: search text, selected pane, preset picker. Profiles themselves live in react-query. */
export const useProfilesUiStore = create<ProfilesUiState>((set) => ({
  search: '',
  pane: { kind: 'empty' },
  pickingPreset: false,
  searchChanged: (search) => set({ search }),
  paneChanged: (pane) => set({ pane, pickingPreset: false }),
  presetPickerToggled: (pickingPreset) => set({ pickingPreset }),
}));
