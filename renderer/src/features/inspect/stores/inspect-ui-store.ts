import { create } from 'zustand';
import type { ControlsDraft } from '../../../components/assertion-controls.tsx';

/** The Inspect area's tabs. */
export const INSPECT_TABS = ['assertion', 'next', 'token', 'scopes', 'server'] as const;
/** One of INSPECT_TABS. */
export type InspectTab = (typeof INSPECT_TABS)[number];

/** Where the assertion inspector takes the keys to verify with. */
export type AssertionKeySource = 'profile' | 'pasted' | 'url';

/** The scope flows compareScopes knows. */
export type ScopeFlow = 'app-launch-standalone' | 'app-launch-ehr' | 'backend';

/** Which token kind the decoder assumes ('auto' lets main decide). */
export type TokenKindChoice = 'auto' | 'access' | 'id' | 'refresh';

interface InspectUiState {
  tab: InspectTab;
  assertion: { text: string; keySource: AssertionKeySource; jwks: string; jwksUrl: string; clientId: string; tokenEndpoint: string; flow: 'backend' | 'authorization_code';
    /** Set when the assertion was picked from the log: check times as of then (epoch ms). */
    sentAt?: number; pickedFrom?: string };
  token: { text: string; kind: TokenKindChoice; jwks: string; tokenResponse: string };
  scopes: { requested: string; granted: string; supported: string; flow: ScopeFlow };
  /** The assertion controls typed for each profile's next assertion. */
  nextAssertion: Record<string, ControlsDraft>;
  tabChosen: (tab: InspectTab) => void;
  assertionEdited: (patch: Partial<InspectUiState['assertion']>) => void;
  assertionPicked: (text: string, sentAt: number, from: string) => void;
  tokenEdited: (patch: Partial<InspectUiState['token']>) => void;
  scopesEdited: (patch: Partial<InspectUiState['scopes']>) => void;
  nextAssertionEdited: (profileId: string, draft: ControlsDraft) => void;
}

/**
 * Inspect area UI state: the chosen tab and what the user pasted into each inspector, kept
 * while they switch tabs or areas. Results come from main through react-query, not from here.
 */
export const useInspectUiStore = create<InspectUiState>((set) => ({
  tab: 'assertion',
  assertion: { text: '', keySource: 'profile', jwks: '', jwksUrl: '', clientId: '', tokenEndpoint: '', flow: 'backend' },
  token: { text: '', kind: 'auto', jwks: '', tokenResponse: '' },
  scopes: { requested: '', granted: '', supported: '', flow: 'app-launch-standalone' },
  nextAssertion: {},
  tabChosen: (tab) => set({ tab }),
  nextAssertionEdited: (profileId, draft) => set((s) => ({ nextAssertion: { ...s.nextAssertion, [profileId]: draft } })),
  // Typing into the box means the text is no longer the logged one.
  assertionEdited: (patch) => set((s) => ({ assertion: { ...s.assertion, ...patch, ...('text' in patch ? { sentAt: undefined, pickedFrom: undefined } : {}) } })),
  assertionPicked: (text, sentAt, pickedFrom) => set((s) => ({ assertion: { ...s.assertion, text, sentAt, pickedFrom } })),
  tokenEdited: (patch) => set((s) => ({ token: { ...s.token, ...patch } })),
  scopesEdited: (patch) => set((s) => ({ scopes: { ...s.scopes, ...patch } })),
}));
