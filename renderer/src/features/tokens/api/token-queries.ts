import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { isRunInFlight, type MethodInput } from '../../../../../app/contract/index.ts';
import { apiEvents, call } from '../../../lib/api.ts';
import { queryClient } from '../../../lib/query-client.ts';

/** Root query key of everything token-shaped (status, runs, discovery results). */
export const tokensKey = ['tokens'] as const;


/** Keeps token status and runs fresh from main's `tokens:changed` events (renewals, sign-ins finishing). */
export function useTokensLiveUpdates(): void {
  useEffect(() => apiEvents['tokens:changed'](({ profileId, runId }) => {
    void queryClient.invalidateQueries({ queryKey: [...tokensKey, 'status', profileId] });
    if (runId) void queryClient.invalidateQueries({ queryKey: [...tokensKey, 'run', runId] });
  }), []);
}

/** One profile. */
export function useProfile(id: string | undefined) {
  return useQuery({ queryKey: ['profiles', 'get', id], queryFn: () => call('profiles:get', { id: id! }), enabled: !!id });
}

/**
 * The cached token (never the token itself) and the last run of a profile. While that run is in
 * flight (discovering, exchanging) it is polled each second, so its end shows even if an event is missed.
 */
export function useTokenStatus(profileId: string | undefined) {
  return useQuery({
    queryKey: [...tokensKey, 'status', profileId], queryFn: () => call('tokens:status', { profileId: profileId! }), enabled: !!profileId,
    refetchInterval: (q) => (isRunInFlight(q.state.data?.lastRun) ? 1000 : false),
  });
}

/**
 * One run; while it waits for the browser or the code exchange, the query long-polls
 * `tokens:await` (main answers within 20 s either way), so the UI follows the sign-in.
 */
export function useTokenRun(runId: string | undefined) {
  return useQuery({
    queryKey: [...tokensKey, 'run', runId],
    queryFn: () => call('tokens:await', { runId: runId!, waitMs: 20_000 }),
    enabled: !!runId,
    refetchInterval: (q) => (isRunInFlight(q.state.data) ? 1 : false),
    refetchOnWindowFocus: false,
    staleTime: Infinity,
  });
}

/** Starts a flow; the run is put in the cache so its view appears at once. */
export function useStartToken() {
  return useMutation({
    mutationFn: (input: MethodInput<'tokens:start'> & { profileId: string }) => call('tokens:start', input),
    onSuccess: (run) => {
      queryClient.setQueryData([...tokensKey, 'run', run.id], run);
      void queryClient.invalidateQueries({ queryKey: [...tokensKey, 'status', run.profileId] });
    },
  });
}

/** Cancels a run in flight: a sign-in waiting for the browser, or a stalled discovery or token request. */
export function useCancelRun() {
  return useMutation({
    mutationFn: (runId: string) => call('tokens:cancel', { runId }),
    onSuccess: (run) => {
      queryClient.setQueryData([...tokensKey, 'run', run.id], run);
      void queryClient.invalidateQueries({ queryKey: [...tokensKey, 'status', run.profileId] });
    },
  });
}

/** Renews the token now (refresh token or a new client-credentials request). */
export function useRefreshToken() {
  return useMutation({
    mutationFn: (input: MethodInput<'tokens:refresh'> & { profileId: string }) => call('tokens:refresh', input),
    onSuccess: (run) => {
      queryClient.setQueryData([...tokensKey, 'run', run.id], run);
      void queryClient.invalidateQueries({ queryKey: [...tokensKey, 'status', run.profileId] });
    },
  });
}

/** Revokes the cached tokens at the server. */
export function useRevokeToken() {
  return useMutation({
    mutationFn: (profileId: string) => call('tokens:revoke', { profileId, which: 'all' }),
    onSettled: (_r, _e, profileId) => void queryClient.invalidateQueries({ queryKey: [...tokensKey, 'status', profileId] }),
  });
}

/** Drops the cached token from the app without telling the server. */
export function useForgetToken() {
  return useMutation({
    mutationFn: (profileId: string) => call('tokens:forget', { profileId }),
    onSettled: (_r, _e, profileId) => void queryClient.invalidateQueries({ queryKey: [...tokensKey, 'status', profileId] }),
  });
}

/** Turns proactive renewal on or off. */
export function useAutoRefresh() {
  return useMutation({
    mutationFn: (input: { profileId: string; enabled: boolean }) => call('tokens:set-auto-refresh', input),
    onSuccess: (status) => queryClient.setQueryData([...tokensKey, 'status', status.profileId], status),
  });
}

/** Asks the local sandbox's simulated EHR for a launch value. */
export function useSandboxLaunch() {
  return useMutation({ mutationFn: (input: { profileId: string; patient: string }) => call('tokens:sandbox-launch', input) });
}

/**
 * The raw token, on an explicit action only. A mutation, not a query, so the value is never
 * cached: `reset()` drops it from memory.
 */
export function useRevealToken() {
  return useMutation({ mutationFn: (input: { profileId: string; which: 'access_token' | 'refresh_token' | 'id_token' }) => call('tokens:reveal', input) });
}

/** The token request as curl, redacted unless secrets are asked for. */
export function useCurl() {
  return useMutation({ mutationFn: (input: { profileId: string; runId?: string; includeSecrets: boolean }) => call('tokens:curl', input) });
}

/** Runs discovery (from the profile's FHIR base, or `url`); the result is kept per profile for the panel. */
export function useRunDiscovery() {
  return useMutation({
    mutationFn: (input: { profileId: string; url?: string }) => call('discovery:run', input),
    onSuccess: (result) => queryClient.setQueryData([...tokensKey, 'discovery', result.profileId], result),
  });
}

/** Stops the profile's running discovery; the pending `useRunDiscovery` call then answers a "cancelled" result. */
export function useCancelDiscovery() {
  return useMutation({ mutationFn: (profileId: string) => call('discovery:cancel', { profileId }) });
}

/** The last discovery result of a profile in this window, if any. */
export function useDiscoveryResult(profileId: string | undefined) {
  return useQuery({
    queryKey: [...tokensKey, 'discovery', profileId],
    queryFn: () => call('discovery:run', { profileId: profileId! }),
    enabled: false,
    staleTime: Infinity,
  });
}

/** Stores the found endpoints in the profile. */
export function useApplyDiscovery() {
  return useMutation({
    mutationFn: (input: { profileId: string; url?: string }) => call('discovery:apply', input),
    onSuccess: (out) => {
      queryClient.setQueryData([...tokensKey, 'discovery', out.profile.id], out.result);
      void queryClient.invalidateQueries({ queryKey: ['profiles'] });
      void queryClient.invalidateQueries({ queryKey: [...tokensKey, 'status', out.profile.id] });
    },
  });
}
