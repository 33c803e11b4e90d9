import { useMutation, useQuery } from '@tanstack/react-query';
import { ApiError, call } from '../../../lib/api.ts';
import { queryClient } from '../../../lib/query-client.ts';
import { useConsoleStore, type Draft } from '../stores/console-store.ts';

/** Root key of what the console asks main. */
export const consoleKey = ['console'] as const;

/** The profile's CapabilityStatement summary; main fetches it once and caches it. */
export function useCapabilities(profileId: string | undefined) {
  return useQuery({
    queryKey: [...consoleKey, 'capabilities', profileId], queryFn: () => call('console:capabilities', { profileId: profileId ?? '' }),
    enabled: !!profileId, staleTime: Infinity, retry: false,
  });
}

/** Asks main to fetch the CapabilityStatement again. */
export async function refreshCapabilities(profileId: string): Promise<void> {
  const fresh = await call('console:capabilities', { profileId, refresh: true });
  queryClient.setQueryData([...consoleKey, 'capabilities', profileId], fresh);
}

/** The profile's request history, newest first. */
export function useHistory(profileId: string | undefined) {
  return useQuery({ queryKey: [...consoleKey, 'history', profileId], queryFn: () => call('console:history', { profileId: profileId ?? '' }), enabled: !!profileId });
}

/** Forgets the profile's history. */
export function useClearHistory() {
  return useMutation({
    mutationFn: (profileId: string) => call('console:clear-history', { profileId }),
    onSuccess: (_r, profileId) => queryClient.invalidateQueries({ queryKey: [...consoleKey, 'history', profileId] }),
  });
}

/** The request main would send, for `console:send` and `console:curl`. */
export function toRequest(profileId: string, draft: Draft) {
  const sendsBody = !['GET', 'HEAD'].includes(draft.method) && draft.body.trim() !== '';
  const token = useConsoleStore.getState().tokenSource;
  return { profileId, method: draft.method, path: draft.path, query: draft.query, headers: draft.headers, token, ...(sendsBody ? { body: draft.body } : {}) };
}

let counter = 0;

/** Sends a request (the draft, or `override` such as a link or reference) and records the exchange. */
export async function sendRequest(profileId: string, draft: Draft): Promise<void> {
  const { exchangeChanged } = useConsoleStore.getState();
  const requestId = `${Date.now().toString(36)}-${++counter}`;
  const label = `${draft.method} ${draft.path}`;
  exchangeChanged({ kind: 'running', requestId, label, startedAt: Date.now() });
  try {
    const response = await call('console:send', { ...toRequest(profileId, draft), requestId });
    if (isCurrent(requestId)) exchangeChanged({ kind: 'done', response });
  } catch (e) {
    const err = e instanceof ApiError ? e : new ApiError({ code: 'INTERNAL', message: (e as Error).message });
    if (isCurrent(requestId)) exchangeChanged({ kind: 'failed', code: err.code, message: err.message, label });
  } finally {
    void queryClient.invalidateQueries({ queryKey: [...consoleKey, 'history', profileId] });
  }
}

function isCurrent(requestId: string): boolean {
  const ex = useConsoleStore.getState().exchange;
  return ex.kind === 'running' && ex.requestId === requestId;
}

/** Cancels the running request (main aborts it; the send then fails with CANCELLED). */
export async function cancelRequest(requestId: string): Promise<void> {
  await call('console:cancel', { requestId });
}

/** Copy-as-curl text from main; the token only when asked. */
export function useCurl(profileId: string | undefined, draft: Draft, includeToken: boolean, enabled: boolean) {
  const source = useConsoleStore((s) => s.tokenSource);
  return useQuery({
    queryKey: [...consoleKey, 'curl', profileId, draft, includeToken, source],
    queryFn: () => call('console:curl', { ...toRequest(profileId ?? '', draft), includeToken }),
    enabled: enabled && !!profileId, retry: false, staleTime: 0, gcTime: 0,
  });
}
