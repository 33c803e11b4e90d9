import { create } from 'zustand';
import type { ConsoleHistoryEntry, ConsoleResponse } from '../../../../../app/contract/index.ts';
import type { CONSOLE_METHODS } from '../../../../../app/console/index.ts';

/** An editor row. */
export interface Row { name: string; value: string; enabled: boolean }

/** The request being edited. */
export interface Draft {
  method: (typeof CONSOLE_METHODS)[number];
  path: string;
  query: Row[];
  headers: Row[];
  body: string;
}

/** The last exchange: running, answered, or failed with words. */
export type Exchange =
  | { kind: 'idle' }
  | { kind: 'running'; requestId: string; label: string; startedAt: number }
  | { kind: 'done'; response: ConsoleResponse }
  | { kind: 'failed'; code: string; message: string; label: string };

interface ConsoleState {
  tab: 'requests' | 'bulk';
  draft: Draft;
  exchange: Exchange;
  responseTab: 'tree' | 'raw' | 'headers';
  curlOpen: boolean;
  /** Which token requests and exports send: the profile's, or the one pasted for the profile. */
  tokenSource: 'profile' | 'pasted';
  tabChosen: (tab: ConsoleState['tab']) => void;
  draftChanged: (patch: Partial<Draft>) => void;
  historyEntryChosen: (entry: ConsoleHistoryEntry) => void;
  exchangeChanged: (exchange: Exchange) => void;
  responseTabChosen: (tab: ConsoleState['responseTab']) => void;
  curlToggled: (open: boolean) => void;
  tokenSourceChosen: (source: 'profile' | 'pasted') => void;
}

/** The empty draft: a search of Patient. */
export const EMPTY_DRAFT: Draft = { method: 'GET', path: 'Patient', query: [], headers: [], body: '' };

/**
 * Console UI state: the draft request, which tab and view are shown, and the last exchange.
 * Kept for the session so leaving the area and coming back finds the same request and answer.
 */
export const useConsoleStore = create<ConsoleState>((set) => ({
  tab: 'requests',
  draft: EMPTY_DRAFT,
  exchange: { kind: 'idle' },
  responseTab: 'tree',
  curlOpen: false,
  tokenSource: 'profile',
  tabChosen: (tab) => set({ tab }),
  tokenSourceChosen: (tokenSource) => set({ tokenSource }),
  draftChanged: (patch) => set((s) => ({ draft: { ...s.draft, ...patch } })),
  historyEntryChosen: (e) => set({ draft: { method: e.method, path: e.path, query: e.query, headers: e.headers, body: e.body ?? '' } }),
  exchangeChanged: (exchange) => set({ exchange }),
  responseTabChosen: (responseTab) => set({ responseTab }),
  curlToggled: (curlOpen) => set({ curlOpen }),
}));
