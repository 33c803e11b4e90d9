import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { SettingsPatch } from '../../../../../app/settings/index.ts';
import { apiEvents, call } from '../../../lib/api.ts';
import { queryClient } from '../../../lib/query-client.ts';

/** Root query keys of the settings and the run history. */
export const settingsKey = ['settings'] as const;
export const runsKey = ['runs'] as const;

/** Keeps the settings (and the history's usage) current when main says they changed. */
export function useSettingsLiveUpdates(): void {
  useEffect(() => apiEvents['settings:changed']((s) => {
    queryClient.setQueryData(settingsKey, s);
    void queryClient.invalidateQueries({ queryKey: runsKey });
  }), []);
}

/** The settings as main keeps them. */
export function useSettings() {
  return useQuery({ queryKey: settingsKey, queryFn: () => call('settings:get', {}) });
}

/** Saves a patch; answers the whole settings. */
export function useUpdateSettings() {
  return useMutation({
    mutationFn: (patch: SettingsPatch) => call('settings:update', patch),
    onSuccess: (s) => {
      queryClient.setQueryData(settingsKey, s);
      void queryClient.invalidateQueries({ queryKey: runsKey });
    },
  });
}

/** The newest runs of the history, with what it holds. */
export function useRunHistory(limit = 20) {
  return useQuery({ queryKey: [...runsKey, 'list', limit], queryFn: () => call('runs:list', { limit }) });
}
