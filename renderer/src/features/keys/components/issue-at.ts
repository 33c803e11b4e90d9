import { ApiError } from '../../../lib/api.ts';

/** The message main attached to one input field (e.g. `kid`), so forms show it next to that field. */
export function issueAt(error: Error | null | undefined, path: string): string | undefined {
  return error instanceof ApiError ? error.issues.find((i) => i.path === path)?.message : undefined;
}
