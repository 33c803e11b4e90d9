import { create } from 'zustand';
import type { ActivityFilter } from '../api/activity-queries.ts';

interface ActivityUiState {
  filter: ActivityFilter;
  selectedId: string | undefined;
  confirmingClear: boolean;
  filterChanged: (patch: Partial<ActivityFilter>) => void;
  entrySelected: (id: string | undefined) => void;
  clearConfirmToggled: (open: boolean) => void;
}

/** Activity area UI state: filters, the selected entry, the clear confirmation. Entries live in react-query. */
export const useActivityUiStore = create<ActivityUiState>((set) => ({
  filter: { purpose: '', profileId: '' },
  selectedId: undefined,
  confirmingClear: false,
  filterChanged: (patch) => set((s) => ({ filter: { ...s.filter, ...patch } })),
  entrySelected: (selectedId) => set({ selectedId }),
  clearConfirmToggled: (confirmingClear) => set({ confirmingClear }),
}));
