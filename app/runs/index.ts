/**
 * The run history's model (app/runs/schema.ts): kinds of run, the entry every list shows, the
 * stored record. Main keeps it (main/services/runs); the app and the command line read it.
 */
export { HistoryEntry, HistoryIndex, HistoryRecord, RUN_KINDS, RUN_OUTCOMES, type HistoryListing, type RunKind, type RunOutcome } from './schema.ts';
