import { AppFailure, type FieldIssue } from '../result/index.ts';
import { ProfileFields, ProfileInput } from './schema.ts';

/** Marks a file as a profile export of this app (checked on import). */
export const PROFILE_EXPORT_FORMAT = 'fhir-auth-explorer/profiles@1';

/** Parsed import: entries that validate, and the rest with what is wrong where. */
export interface ParsedImport {
  valid: ProfileInput[];
  rejected: { index: number; name?: string; issues: FieldIssue[] }[];
}

/** Turns JSON.parse's message into "line L, column C" using the text itself. */
function describeJsonError(text: string, e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const pos = /position (\d+)/.exec(msg);
  if (!pos) return msg;
  const offset = Number(pos[1]);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `${msg.replace(/ in JSON at position \d+.*$/, '')} at line ${line}, column ${column}`;
}

/**
 * Reads a profile import: this app's export, a bare array of profiles, or one profile.
 *
 * Unknown fields (a secret copied from another tool, say) are dropped, never stored. The whole
 * import fails with a clear message only when the file is not JSON or holds no profile list.
 */
export function parseProfileImport(text: string): ParsedImport {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new AppFailure('INVALID_INPUT', `The file is not valid JSON: ${describeJsonError(text, e)}. No profiles were changed.`);
  }
  let entries: unknown[];
  if (Array.isArray(doc)) entries = doc;
  else if (doc && typeof doc === 'object' && Array.isArray((doc as { profiles?: unknown }).profiles)) entries = (doc as { profiles: unknown[] }).profiles;
  else if (doc && typeof doc === 'object' && 'fhirBaseUrl' in doc) entries = [doc];
  else throw new AppFailure('INVALID_INPUT', 'The file holds no profiles: expected an export of this app ({"profiles": [...]}), an array of profiles, or one profile. No profiles were changed.');
  if (entries.length === 0) throw new AppFailure('INVALID_INPUT', 'The file\'s profile list is empty. No profiles were changed.');

  const result: ParsedImport = { valid: [], rejected: [] };
  entries.forEach((entry, index) => {
    const fields = entry && typeof entry === 'object' ? { ...(entry as Record<string, unknown>) } : entry;
    const parsed = ProfileInput.safeParse(fields);
    if (parsed.success) {
      result.valid.push(ProfileFields.parse(parsed.data));
      return;
    }
    const name = entry && typeof entry === 'object' && typeof (entry as { name?: unknown }).name === 'string' ? (entry as { name: string }).name : undefined;
    result.rejected.push({ index, name, issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) });
  });
  if (result.valid.length === 0) {
    const first = result.rejected[0]?.issues[0];
    throw new AppFailure('INVALID_INPUT', `None of the ${entries.length} profile(s) in the file is valid (first problem: profile ${1 + (result.rejected[0]?.index ?? 0)}, ${first?.path || 'entry'}: ${first?.message}). No profiles were changed.`, result.rejected.flatMap((r) => r.issues.map((i) => ({ path: `profiles.${r.index}.${i.path}`, message: i.message }))));
  }
  return result;
}
