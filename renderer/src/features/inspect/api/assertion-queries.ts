import { useMutation, useQuery } from '@tanstack/react-query';
import type { MethodInput } from '../../../../../app/contract/index.ts';
import { call } from '../../../lib/api.ts';
import { queryClient } from '../../../lib/query-client.ts';

/** The token status of a profile (the Tokens area's query key), for the prepared assertion it holds. */
export function useProfileTokenStatus(profileId: string) {
  return useQuery({ queryKey: ['tokens', 'status', profileId], queryFn: () => call('tokens:status', { profileId }) });
}

const refreshStatus = (profileId: string) => queryClient.invalidateQueries({ queryKey: ['tokens', 'status', profileId] });

/** Signs the profile's next assertion with the controls (nothing is sent). */
export function usePrepareAssertion() {
  return useMutation({
    mutationFn: (input: MethodInput<'tokens:prepare-assertion'> & { profileId: string }) => call('tokens:prepare-assertion', input),
    onSuccess: (p) => void refreshStatus(p.profileId),
  });
}

/** Requests a token with the prepared assertion (client credentials), answering the run with its diagnosis. */
export function useSendPreparedAssertion() {
  return useMutation({
    mutationFn: (profileId: string) => call('tokens:start', { profileId, usePreparedAssertion: true }),
    onSuccess: (run) => void refreshStatus(run.profileId),
  });
}

/** Drops the prepared assertion. */
export function useDiscardAssertion() {
  return useMutation({
    mutationFn: (profileId: string) => call('tokens:discard-assertion', { profileId }),
    onSuccess: (r) => void refreshStatus(r.profileId),
  });
}
