import { z } from 'zod';

/**
 * The run history's records: every run the app performs (a token run today; a console request,
 * a bulk job, a discovery, an introspection, a revocation or a registration as each is added),
 * kept in the data folder so the app after a restart, a run report and the command line (another
 * process: `report --last`) can read them.
 *
 * A record is an entry (what a list shows, and what the limits count) and the run itself, in
 * the shape of its kind (TokenRun for 'token'). Runs are stored as the app shows them: secrets
 * and raw tokens already masked.
 */

/** Every kind of run the history can hold. */
export const RUN_KINDS = ['token', 'console', 'bulk', 'discovery', 'introspection', 'revocation', 'registration'] as const;
export type RunKind = (typeof RUN_KINDS)[number];

/** How a run ended. */
export const RUN_OUTCOMES = ['succeeded', 'failed', 'cancelled'] as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

/** One run as lists show it, and as the limits count it. */
export const HistoryEntry = z.object({
  id: z.string().min(1),
  kind: z.enum(RUN_KINDS),
  profileId: z.string().optional(),
  /** A line that says what the run did ("client_credentials at https://…/token"). */
  title: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  outcome: z.enum(RUN_OUTCOMES),
  /** The diagnosis headline (app/diagnosis), when the run has one. */
  headline: z.object({ rule: z.string(), severity: z.enum(['error', 'warning', 'info']), message: z.string() }).optional(),
  /** Bytes the run takes on disk. */
  bytes: z.number().int().min(0),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

/** The index: entries oldest first (the order they leave in). */
export const HistoryIndex = z.object({ entries: z.array(HistoryEntry) });
export type HistoryIndex = z.infer<typeof HistoryIndex>;

/** One stored run: its entry and the run in its kind's shape. */
export const HistoryRecord = z.object({ entry: HistoryEntry, run: z.unknown() });
export type HistoryRecord = z.infer<typeof HistoryRecord>;

/** What `runs:list` answers: the newest entries first, and how much the history holds. */
export interface HistoryListing {
  entries: HistoryEntry[];
  /** Runs and bytes held in all (not only those listed). */
  count: number;
  bytes: number;
}
