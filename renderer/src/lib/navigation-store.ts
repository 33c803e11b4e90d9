import { create } from 'zustand';

/** The product's areas, in navigation order. */
export const AREAS = ['profiles', 'keys', 'tokens', 'inspect', 'console', 'activity', 'settings'] as const;
/** One of AREAS. */
export type Area = (typeof AREAS)[number];

interface NavigationState {
  area: Area;
  /** The profile the Tokens, Inspect and Console areas work with. */
  activeProfileId: string | undefined;
  areaChosen: (area: Area) => void;
  profileActivated: (id: string | undefined) => void;
}

/** Which area is shown and which profile is active; UI state only, nothing main owns. */
export const useNavigationStore = create<NavigationState>((set) => ({
  area: 'profiles',
  activeProfileId: undefined,
  areaChosen: (area) => set({ area }),
  profileActivated: (activeProfileId) => set({ activeProfileId }),
}));
