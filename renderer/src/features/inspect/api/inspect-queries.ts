import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { MethodInput } from '../../../../../app/contract/index.ts';
import { apiEvents, call } from '../../../lib/api.ts';
import { queryClient } from '../../../lib/query-client.ts';

/** Root query key of everything the Inspect area asks main. */
export const inspectKey = ['inspect'] as const;

/**
 * A client assertion checked in main (signature with the profile's key or a pasted/fetched
 * JWKS). A query keyed by the input: a new paste re-checks, an unchanged one is served from cache.
 */
export function useAssertionInspection(input: MethodInput<'inspect:assertion'> | undefined) {
  return useQuery({
    queryKey: [...inspectKey, 'assertion', input], queryFn: () => call('inspect:assertion', input), enabled: !!input,
    placeholderData: keepPreviousData, retry: false, staleTime: 15_000,
  });
}

/** A pasted token checked in main against the profile's server (JWKS fetched there). */
export function useTokenInspection(input: MethodInput<'inspect:token'> | undefined) {
  return useQuery({
    queryKey: [...inspectKey, 'token', input], queryFn: () => call('inspect:token', input), enabled: !!input,
    placeholderData: keepPreviousData, retry: false, staleTime: 15_000,
  });
}

/** Introspection sends the token to the server, so it runs only on an explicit click. */
export function useIntrospection() {
  return useMutation({ mutationFn: (input: MethodInput<'inspect:introspect'>) => call('inspect:introspect', input) });
}

const discoveryQuery = (profileId: string) => ({
  queryKey: [...inspectKey, 'discovery', profileId], queryFn: () => call('inspect:discovery', { profileId }), retry: false, staleTime: 60_000,
});

/** Discovery findings of a profile's server (fetched by main). */
export function useDiscoveryFindings(profileId: string | undefined) {
  return useQuery({ ...discoveryQuery(profileId ?? ''), enabled: !!profileId });
}

/** Discovery on demand (a button), sharing the cache with the Server metadata tab. */
export function fetchDiscovery(profileId: string) {
  return queryClient.fetchQuery(discoveryQuery(profileId));
}

const tokenRequestsKey = ['activity', 'list', 'inspect-token-requests'] as const;

/** Recent token requests in the activity log, to pick a client assertion from; live while shown. */
export function useTokenRequests(enabled: boolean) {
  useEffect(() => (enabled ? apiEvents['activity:appended'](() => void queryClient.invalidateQueries({ queryKey: tokenRequestsKey })) : undefined), [enabled]);
  return useQuery({ queryKey: tokenRequestsKey, queryFn: () => call('activity:list', { purpose: 'token', limit: 50 }), enabled });
}

/** Reads the client_assertion of one logged token request (signature redacted by the log). */
export async function loadLoggedAssertion(id: string): Promise<{ assertion?: string; sentAt: number; problem?: string }> {
  const entry = await call('activity:get', { id });
  const sentAt = Date.parse(entry.at);
  const type = entry.requestHeaders.find((h) => h.name.toLowerCase() === 'content-type')?.value ?? '';
  if (!entry.requestBody) return { sentAt, problem: 'The log kept no body for this request.' };
  if (!/x-www-form-urlencoded/i.test(type) && !entry.requestBody.includes('client_assertion')) {
    return { sentAt, problem: `This request was not a form post (${type || 'no content type'}), so it has no client_assertion.` };
  }
  const assertion = new URLSearchParams(entry.requestBody).get('client_assertion') ?? undefined;
  if (!assertion) return { sentAt, problem: 'This request did not authenticate with a client assertion (client secret or public client).' };
  return { assertion, sentAt };
}
