import { z } from 'zod';
import type { BulkManifest, ExportLevel } from '../bulk/bulk-protocol.ts';
import type { OutcomeIssue } from '../console/index.ts';
import { event, method } from './define.ts';

/**
 * The Bulk Data `$export` runner: kick-off, status polling, cancel, downloads to a folder and a
 * preview of the first NDJSON lines. Main does all of it and pushes `bulk:progress`.
 */

/** Where the export is in the async pattern. */
export type BulkExportState = 'starting' | 'in-progress' | 'complete' | 'failed' | 'cancelled';

/** One output file being (or having been) downloaded. */
export interface BulkFileDownload {
  url: string;
  type: string;
  fileName: string;
  bytes: number;
  state: 'waiting' | 'running' | 'done' | 'failed' | 'cancelled';
  error?: string;
}

/** The downloads of one export. */
export interface BulkDownload {
  folder: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  files: BulkFileDownload[];
  bytes: number;
  startedAt: string;
  finishedAt?: string;
  /** Average over the run so far. */
  bytesPerSecond: number;
}

/** What the renderer sees of one export job. */
export interface BulkJob {
  id: string;
  /** Grows with every change, so the renderer keeps the newest copy when answers and events cross. */
  revision: number;
  profileId: string;
  level: ExportLevel;
  kickoffUrl: string;
  statusUrl?: string;
  state: BulkExportState;
  /** X-Progress, with a percentage when it carries one. */
  progress?: { text: string; percent?: number };
  polls: number;
  /** When main polls next (epoch ms), honouring Retry-After. */
  nextPollAt?: number;
  startedAt: string;
  completedAt?: string;
  manifest?: BulkManifest;
  /** Failure in words, plus the server's OperationOutcome issues when it sent one. */
  error?: { message: string; status?: number; issues?: OutcomeIssue[] };
  download?: BulkDownload;
}

/** Kick-off input. */
export const BulkStartInput = z.object({
  profileId: z.string().min(1, 'Choose a profile'),
  level: z.enum(['system', 'patient', 'group']),
  groupId: z.string().trim().max(200).optional(),
  types: z.array(z.string().trim().regex(/^[A-Z][A-Za-z]*$/, 'Resource types look like Patient or Observation')).max(100).default([]),
  since: z.string().trim().max(40).optional()
    .refine((v) => !v || !Number.isNaN(Date.parse(v)), 'Enter _since as an instant such as 2024-01-01T00:00:00Z'),
  outputFormat: z.string().trim().max(100).optional(),
  typeFilters: z.array(z.string().max(2000)).max(20).default([]),
}).refine((v) => v.level !== 'group' || !!v.groupId, { path: ['groupId'], message: 'A Group export needs the Group id' });

const jobId = z.object({ jobId: z.string().min(1) });

/** Bulk export methods. */
export const bulkMethods = {
  'bulk:start': method(BulkStartInput).returns<BulkJob>(),
  'bulk:list': method(z.object({}).default({})).returns<BulkJob[]>(),
  'bulk:cancel': method(jobId).returns<BulkJob>(),
  'bulk:download': method(jobId.extend({ urls: z.array(z.string()).max(10_000).optional() })).returns<BulkJob>(),
  'bulk:cancel-download': method(jobId).returns<BulkJob>(),
  'bulk:preview': method(jobId.extend({ url: z.string().min(1), lines: z.number().int().min(1).max(200).default(20) }))
    .returns<{ lines: string[]; more: boolean; source: 'file' | 'server' }>(),
  'bulk:forget': method(jobId).returns<{ jobId: string }>(),
};

/** Pushed on every state change and, at most a few times a second, during downloads. */
export const bulkEvents = {
  'bulk:progress': event<BulkJob>(),
};
