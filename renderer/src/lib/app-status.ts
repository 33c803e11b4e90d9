import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { apiEvents, call } from './api.ts';
import { queryClient } from './query-client.ts';

/** Query key of the app status (mode, data folder, notices). */
export const appStatusKey = ['app', 'status'] as const;

/** The app's status from main, refreshed when main posts a notice. */
export function useAppStatus() {
  useEffect(() => apiEvents['app:notice'](() => void queryClient.invalidateQueries({ queryKey: appStatusKey })), []);
  return useQuery({ queryKey: appStatusKey, queryFn: () => call('app:get-status', {}) });
}

/** Dismisses a notice and refreshes the status. */
export async function dismissNotice(id: string): Promise<void> {
  await call('app:dismiss-notice', { id });
  await queryClient.invalidateQueries({ queryKey: appStatusKey });
}
