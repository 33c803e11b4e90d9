import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { MethodInput } from '../../../../../app/contract/index.ts';
import { apiEvents, call } from '../../../lib/api.ts';
import { queryClient } from '../../../lib/query-client.ts';

/** Root query key of everything key-shaped; invalidated whenever main says keys changed. */
export const keysKey = ['keys'] as const;
/** Query key of the local JWKS host status. */
export const jwksHostKey = ['keys', 'jwks-host'] as const;

const invalidate = () => queryClient.invalidateQueries({ queryKey: keysKey });

/** Keeps the key cache fresh from main's `keys:changed` events (another window, an import). */
export function useKeysLiveUpdates(): void {
  useEffect(() => apiEvents['keys:changed'](() => void invalidate()), []);
}

/** Every stored key (public facts only). */
export function useKeys() {
  return useQuery({ queryKey: [...keysKey, 'list'], queryFn: () => call('keys:list', {}) });
}

/** One key with its public JWK, JWKS and PEM. */
export function useKey(id: string | undefined) {
  return useQuery({ queryKey: [...keysKey, 'get', id], queryFn: () => call('keys:get', { id: id! }), enabled: !!id });
}

/** Generates a key pair in main. */
export function useGenerateKey() {
  return useMutation({ mutationFn: (input: MethodInput<'keys:generate'>) => call('keys:generate', input), onSuccess: invalidate });
}

/** Describes what pasted or loaded text holds, before importing. */
export function usePreviewImport() {
  return useMutation({ mutationFn: (text: string) => call('keys:preview-import', { text }) });
}

/** Imports one private key from PEM, JWK or JWKS text. */
export function useImportKey() {
  return useMutation({ mutationFn: (input: MethodInput<'keys:import'>) => call('keys:import', input), onSuccess: invalidate });
}

/** Renames a key's kid or name, or changes its algorithm. */
export function useUpdateKey() {
  return useMutation({ mutationFn: (input: MethodInput<'keys:update'>) => call('keys:update', input), onSuccess: invalidate });
}

/** Deletes a key. */
export function useDeleteKey() {
  return useMutation({ mutationFn: (id: string) => call('keys:delete', { id }), onSuccess: invalidate });
}

/** Whether the local JWKS host runs, where, and for which keys. */
export function useJwksHost() {
  return useQuery({ queryKey: jwksHostKey, queryFn: () => call('keys:jwks-host-status', {}) });
}

/** Starts the host or changes its keys; an empty list stops it. */
export function useHostJwks() {
  return useMutation({
    mutationFn: ({ keyIds, port }: { keyIds: string[]; port?: number }) => (keyIds.length ? call('keys:host-jwks', { keyIds, port }) : call('keys:stop-jwks-host', {})),
    onSuccess: (status) => queryClient.setQueryData(jwksHostKey, status),
  });
}

/** Stops the local JWKS host. */
export function useStopJwksHost() {
  return useMutation({ mutationFn: () => call('keys:stop-jwks-host', {}), onSuccess: (status) => queryClient.setQueryData(jwksHostKey, status) });
}
