import { useMutation, useQuery } from '@tanstack/react-query';
import { call } from '../../../lib/api.ts';
import { queryClient } from '../../../lib/query-client.ts';

/** Query key of one profile's client-secret status. */
export const secretStatusKey = (profileId: string) => ['secrets', 'status', profileId] as const;

/** Whether a profile has a client secret (never the secret itself). */
export function useSecretStatus(profileId: string) {
  return useQuery({ queryKey: secretStatusKey(profileId), queryFn: () => call('secrets:status', { profileId }) });
}

/** Sets or replaces a profile's client secret. */
export function useSetSecret(profileId: string) {
  return useMutation({
    mutationFn: (secret: string) => call('secrets:set', { profileId, secret }),
    onSuccess: (status) => queryClient.setQueryData(secretStatusKey(profileId), status),
  });
}

/** Removes a profile's client secret. */
export function useClearSecret(profileId: string) {
  return useMutation({
    mutationFn: () => call('secrets:clear', { profileId }),
    onSuccess: (status) => queryClient.setQueryData(secretStatusKey(profileId), status),
  });
}
