import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { apiEvents, call } from '../../../lib/api.ts';
import { queryClient } from '../../../lib/query-client.ts';

/** Root query key of the activity log. */
export const activityKey = ['activity'] as const;

/** What the list is filtered by; empty strings mean "all". */
export interface ActivityFilter { purpose: string; profileId: string }

/** The most entries the list asks for (the log keeps 500). */
const LIST_LIMIT = 500;

/** Refreshes the list whenever main records an exchange, so the log is live while a flow runs. */
export function useActivityLiveUpdates(): void {
  useEffect(() => apiEvents['activity:appended'](() => void queryClient.invalidateQueries({ queryKey: [...activityKey, 'list'] })), []);
}

/** Newest-first summaries, filtered. */
export function useActivityList(filter: ActivityFilter) {
  return useQuery({
    queryKey: [...activityKey, 'list', filter],
    queryFn: () => call('activity:list', { purpose: filter.purpose || undefined, profileId: filter.profileId || undefined, limit: LIST_LIMIT }),
    placeholderData: (prev) => prev,
  });
}

/** One entry, redacted. Entries never change once recorded, so it is fetched once. */
export function useActivityEntry(id: string | undefined) {
  return useQuery({ queryKey: [...activityKey, 'get', id], queryFn: () => call('activity:get', { id: id! }), enabled: !!id, staleTime: Infinity });
}

/**
 * The unredacted original of one entry, fetched only when the user asks. A mutation rather than
 * a query, so the secrets are never cached: `reset()` (Hide) drops them from memory.
 */
export function useRevealEntry() {
  return useMutation({ mutationFn: (id: string) => call('activity:reveal', { id }) });
}

/** Empties the log. */
export function useClearActivity() {
  return useMutation({
    mutationFn: () => call('activity:clear', {}),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: [...activityKey, 'get'] });
      return queryClient.invalidateQueries({ queryKey: [...activityKey, 'list'] });
    },
  });
}

/** Downloads the chosen entries (all when no ids) as a redacted HAR file. */
export function useExportHar() {
  return useMutation({
    mutationFn: async (ids?: string[]) => {
      const out = await call('activity:export-har', { ids });
      const url = URL.createObjectURL(new Blob([out.json], { type: 'application/json' }));
      const a = Object.assign(document.createElement('a'), { href: url, download: out.fileName });
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      return out;
    },
  });
}

/** Profile names for the filter and the rows; kept under the profiles key so profile edits refresh it. */
export function useProfileNames() {
  return useQuery({
    queryKey: ['profiles', 'names-for-activity'],
    queryFn: async () => new Map((await call('profiles:list', {})).map((p) => [p.id, p.name])),
  });
}
