import { create } from 'zustand';
import { EMPTY_CONTROLS, type ControlsDraft } from '../../../components/assertion-controls.tsx';

/** What the user typed for one profile's next run: scopes, EHR launch, the assertion controls, whether to send the prepared assertion. */
export interface RunDraft { scope?: string; launch: string; patient: string; controls: ControlsDraft; usePrepared: boolean }

interface TokensUiState {
  /** The run each profile's page shows (the newest one started here). */
  runByProfile: Record<string, string>;
  drafts: Record<string, RunDraft>;
  includeSecrets: boolean;
  runShown: (profileId: string, runId: string) => void;
  draftChanged: (profileId: string, patch: Partial<RunDraft>) => void;
  includeSecretsToggled: (on: boolean) => void;
}

/** An empty draft: the profile's own scopes, no launch value, the sandbox's first patient. */
export const EMPTY_DRAFT: RunDraft = { launch: '', patient: 'ana-alvarez', controls: EMPTY_CONTROLS, usePrepared: false };

/** Tokens area UI state: the run shown, the scope/launch drafts, the curl option. Tokens live in main. */
export const useTokensUiStore = create<TokensUiState>((set) => ({
  runByProfile: {},
  drafts: {},
  includeSecrets: false,
  runShown: (profileId, runId) => set((s) => ({ runByProfile: { ...s.runByProfile, [profileId]: runId } })),
  draftChanged: (profileId, patch) => set((s) => ({ drafts: { ...s.drafts, [profileId]: { ...EMPTY_DRAFT, ...s.drafts[profileId], ...patch } } })),
  includeSecretsToggled: (includeSecrets) => set({ includeSecrets }),
}));
