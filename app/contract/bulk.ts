import { z } from 'zod';
import { kickoffProblem, type BulkManifest, type ExportLevel } from '../bulk/index.ts';
import type { OutcomeIssue } from '../console/index.ts';
import type { Diagnosis } from '../diagnosis/index.ts';
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
  /** GET (parameters in the URL), or POST with a Parameters body (when patients are named). */
  kickoffMethod: 'GET' | 'POST';
  /** The Parameters resource a POST kick-off sent. */
  kickoffBody?: string;
  /** Which token the export's requests carry: the profile's, or one the user pasted. */
  tokenSource: 'profile' | 'pasted';
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
  /** Failure in words, the server's OperationOutcome issues when it sent one, and diagnose()'s ranking of the failed exchange. */
  error?: { message: string; status?: number; issues?: OutcomeIssue[]; diagnosis?: Diagnosis };
  download?: BulkDownload;
}

const names = (pattern: RegExp, message: string, max = 100) => z.array(z.string().trim().regex(pattern, message)).max(max).default([]);

/** Kick-off input: level, the Bulk Data parameters, and which token to send. */
export const BulkStartInput = z.object({
  profileId: z.string().min(1, 'Choose a profile'),
  level: z.enum(['system', 'patient', 'group']),
  groupId: z.string().trim().max(200).optional(),
  types: names(/^[A-Z][A-Za-z]*$/, 'Resource types look like Patient or Observation'),
  since: z.string().trim().max(40).optional()
    .refine((v) => !v || !Number.isNaN(Date.parse(v)), 'Enter _since as an instant such as 2024-01-01T00:00:00Z'),
  outputFormat: z.string().trim().max(100).optional(),
  typeFilters: z.array(z.string().max(2000)).max(20).default([]),
  /** `_elements`. */
  elements: z.array(z.string().trim().max(200)).max(100).default([]),
  /** `patient` (ids or Patient/<id>); sent with POST. */
  patients: z.array(z.string().trim().max(200)).max(1000).default([]),
  includeAssociatedData: z.array(z.string().trim().max(100)).max(10).default([]),
  /** Send the profile's token (default) or the one pasted for the profile. */
  token: z.enum(['profile', 'pasted']).default('profile'),
}).superRefine((v, ctx) => {
  if (v.level === 'group' && !v.groupId) ctx.addIssue({ code: 'custom', path: ['groupId'], message: 'A Group export needs the Group id' });
  const problem = kickoffProblem(v);
  if (problem && !(v.level === 'group' && !v.groupId)) ctx.addIssue({ code: 'custom', path: [], message: problem });
});

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
