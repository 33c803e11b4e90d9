/** Types for scripts/electron-binary.mjs (plain JS so `npm start` runs without a TS loader). */
export declare const ELECTRON_UNAVAILABLE_MESSAGE: string;
/** How long the probe may take by default. */
export declare const DEFAULT_PROBE_TIMEOUT_MS: number;
/** The script the probe runs in a child node. */
export declare const PROBE_SCRIPT: string;
/** What a finished (or killed) command produced. */
export interface RunResult { status: number | null; stdout: string; stderr: string; timedOut: boolean; error?: string }
/** Runs a command with a time limit. */
export type Runner = (cmd: string, args: string[], opts: { cwd: string; timeoutMs: number; env?: NodeJS.ProcessEnv }) => Promise<RunResult>;
/** Electron with its binary, or browser mode with the reason. */
export type LaunchDecision = { kind: 'electron'; binary: string } | { kind: 'browser'; reason: string };
/** Runs a command, killing it and its process group at the time limit. */
export declare const runWithTimeout: Runner;
/** True when a path names an existing file. */
export declare function isFile(p: string): boolean;
/** Turns the probe's outcome into a decision. */
export declare function decideLaunch(probe: RunResult, exists?: (path: string) => boolean): LaunchDecision;
/** Asks the electron package for its binary without ever hanging. */
export declare function findElectronBinary(opts: { cwd: string; run?: Runner; exists?: (p: string) => boolean; timeoutMs?: number; nodePath?: string }): Promise<LaunchDecision>;
/** The command to run for a decision. */
export declare function launchCommand(decision: LaunchDecision, args: string[], nodePath?: string): { cmd: string; args: string[] };
