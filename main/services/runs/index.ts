/**
 * The run history: every run the app performs, kept in the data folder within the limits the
 * settings give (default 1000 runs or 50 MB), read by the app, a run report and the command line.
 * Token runs are kept today (tokenRunToKeep); each other kind adds its own `...ToKeep`.
 */
export { RunHistory, type HistoryLimits, type RunHistoryDeps, type RunToKeep } from './run-history.ts';
export { tokenRunToKeep } from './token-runs.ts';
