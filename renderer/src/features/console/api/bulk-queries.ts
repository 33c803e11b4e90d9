import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { BulkJob, MethodInput } from '../../../../../app/contract/index.ts';
import { apiEvents, call } from '../../../lib/api.ts';
import { queryClient } from '../../../lib/query-client.ts';

const jobsKey = ['bulk', 'jobs'] as const;

const upsert = (job: BulkJob) => queryClient.setQueryData<BulkJob[]>(jobsKey, (list = []) => {
  const i = list.findIndex((j) => j.id === job.id);
  if (i < 0) return [job, ...list];
  if ((list[i]?.revision ?? -1) > job.revision) return list; // an event already brought a newer copy
  const copy = [...list];
  copy[i] = job;
  return copy;
});

/** This session's export jobs, updated live from main's `bulk:progress` events. */
export function useBulkJobs() {
  useEffect(() => apiEvents['bulk:progress']((job) => upsert(job)), []);
  return useQuery({ queryKey: jobsKey, queryFn: () => call('bulk:list', {}), staleTime: Infinity });
}

/** Kicks off an export. */
export function useStartExport() {
  return useMutation({ mutationFn: (input: MethodInput<'bulk:start'>) => call('bulk:start', input), onSuccess: upsert });
}

/** Cancel (DELETE), download, stop download, forget: each updates the job in the list. */
export function useJobAction() {
  return useMutation({
    mutationFn: async ({ action, jobId }: { action: 'cancel' | 'download' | 'cancel-download' | 'forget'; jobId: string }) => {
      if (action === 'forget') {
        await call('bulk:forget', { jobId });
        queryClient.setQueryData<BulkJob[]>(jobsKey, (list = []) => list.filter((j) => j.id !== jobId));
        return undefined;
      }
      const job = await call(`bulk:${action}`, { jobId });
      upsert(job);
      return job;
    },
  });
}

/** The first NDJSON lines of a file of the export. */
export function usePreview(jobId: string, url: string | undefined) {
  return useQuery({
    queryKey: ['bulk', 'preview', jobId, url], queryFn: () => call('bulk:preview', { jobId, url: url ?? '', lines: 20 }),
    enabled: !!url, retry: false, staleTime: 0,
  });
}
