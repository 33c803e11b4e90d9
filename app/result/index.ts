/**
 * TODO face of app/result
 */
export { AppFailure, type AppError, type FieldIssue, type Result } from './result.ts';
