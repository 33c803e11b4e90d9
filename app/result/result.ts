/**
 * Typed results and error codes shared by every contract method.
 *
 * Electron forwards only `message` of an error thrown in an IPC handler, so main returns
 * `Result<T>` values instead; the renderer switches on `error.code`.
 */

/** Every error code a contract method may return. */
export const ERROR_CODES = [
  'INVALID_INPUT', 'NOT_FOUND', 'CONFLICT', 'STORE_CORRUPT', 'STORE_IO', 'NETWORK', 'TIMEOUT', 'CANCELLED',
  'HTTP_ERROR', 'OAUTH_ERROR', 'UNAUTHORIZED', 'FORBIDDEN', 'KEY_INVALID', 'SECRET_MISSING', 'NOT_SUPPORTED', 'UNKNOWN_METHOD', 'INTERNAL',
] as const;

/** One of ERROR_CODES. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Where an input problem is, for forms: a dotted path and what is wrong there. */
export interface FieldIssue { path: string; message: string }

/** A failure a method reports: a code the UI switches on and words a user can act on. */
export interface AppError { code: ErrorCode; message: string; issues?: FieldIssue[] }

/** What every contract method resolves to: never a thrown error. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

/** Wraps a value as a success result. */
export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

/** Builds a failure result. */
export const fail = <T = never>(code: ErrorCode, message: string, issues?: FieldIssue[]): Result<T> => ({
  ok: false,
  error: issues ? { code, message, issues } : { code, message },
});

/**
 * An expected failure thrown inside main's services.
 *
 * Services throw it where returning would thread results through many layers; the dispatcher
 * turns it into a `Result` with the same code, so it never reaches the renderer as an exception.
 */
export class AppFailure extends Error {
  readonly code: ErrorCode;
  readonly issues?: FieldIssue[];
  /**
   * When no response arrived: the error code Node or undici reported (ECONNREFUSED,
   * SELF_SIGNED_CERT_IN_CHAIN, ...) and its message, so the diagnosis can name the NET-* rule.
   */
  networkError?: { code: string; message: string };
  constructor(code: ErrorCode, message: string, issues?: FieldIssue[]) {
    super(message);
    this.name = 'AppFailure';
    this.code = code;
    if (issues) this.issues = issues;
  }
}
