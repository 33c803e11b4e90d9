import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ProfileInput } from '../../../../../app/profiles/index.ts';
import { apiEvents, call } from '../../../lib/api.ts';
import { queryClient } from '../../../lib/query-client.ts';

/** Root query key of everything profile-shaped; invalidated whenever main says profiles changed. */
export const profilesKey = ['profiles'] as const;

/** Keeps the profile cache fresh from main's `profiles:changed` events (another window, an import). */
export function useProfilesLiveUpdates(): void {
  useEffect(() => apiEvents['profiles:changed'](() => void queryClient.invalidateQueries({ queryKey: profilesKey })), []);
}

/** The profile list, filtered by a search query. */
export function useProfiles(query: string) {
  return useQuery({ queryKey: [...profilesKey, 'list', query], queryFn: () => call('profiles:list', { query: query || undefined }), placeholderData: (prev) => prev });
}

/** Vendor presets for the New Profile picker. */
export function usePresets() {
  return useQuery({ queryKey: ['presets'], queryFn: () => call('profiles:list-presets', {}), staleTime: Infinity });
}

const invalidate = () => queryClient.invalidateQueries({ queryKey: profilesKey });

/** Creates or updates a profile. */
export function useSaveProfile() {
  return useMutation({ mutationFn: (input: ProfileInput) => call('profiles:save', input), onSuccess: invalidate });
}

/** Duplicates a profile. */
export function useDuplicateProfile() {
  return useMutation({ mutationFn: (id: string) => call('profiles:duplicate', { id }), onSuccess: invalidate });
}

/** Deletes a profile. */
export function useDeleteProfile() {
  return useMutation({ mutationFn: (id: string) => call('profiles:delete', { id }), onSuccess: invalidate });
}

/** Imports profiles from a JSON file's text. */
export function useImportProfiles() {
  return useMutation({ mutationFn: (json: string) => call('profiles:import', { json }), onSuccess: invalidate });
}

/** Exports profiles (all when no ids) as a JSON file the browser downloads. */
export function useExportProfiles() {
  return useMutation({
    mutationFn: async (ids?: string[]) => {
      const out = await call('profiles:export', { ids });
      const url = URL.createObjectURL(new Blob([out.json], { type: 'application/json' }));
      const a = Object.assign(document.createElement('a'), { href: url, download: out.fileName });
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      return out;
    },
  });
}
