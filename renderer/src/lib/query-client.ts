import { QueryClient } from '@tanstack/react-query';

/**
 * The renderer's cache of what main owns. Main pushes change events, so there is no polling
 * and no refetch on window focus; mutations invalidate the keys they touch.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { refetchOnWindowFocus: false, retry: false, staleTime: 30_000 },
    mutations: { retry: false },
  },
});
