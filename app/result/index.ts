/**
 * Typed results and the one failure type (`AppFailure`) every method and service reports errors
 * with; the contract re-exports them for the renderer.
 */
export { AppFailure, ERROR_CODES, fail, ok, type AppError, type ErrorCode, type FieldIssue, type Result } from './result.ts';
