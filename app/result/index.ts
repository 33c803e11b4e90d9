/**
 * Typed results and the one failure type (`AppFailure`) every method and service reports errors
 * with; the contract re-exports them for the renderer.
 */
export { AppFailure, type AppError, type FieldIssue, type Result } from './result.ts';
