import type { Headers } from './types.ts';

/**
 * Small, total helpers for reading untrusted input.
 *
 * Checks receive whatever a server or a user produced; these never throw, so a malformed value
 * becomes a finding in the caller instead of an exception.
 */

/** Case-insensitive header lookup; undefined when absent or when headers is not an object. */
export function header(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(headers as Headers)) {
    if (k.toLowerCase() === want) return Array.isArray(v) ? v.join(', ') : typeof v === 'string' ? v : String(v);
  }
  return undefined;
}

/** True for a plain JSON object (not null, not an array). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Result of reading a body given parsed (`body`) or raw (`rawBody`). */
export type BodyRead =
  | { kind: 'json'; value: unknown; raw?: string }
  | { kind: 'invalid'; raw: string; error: string }
  | { kind: 'absent' };

/** Reads `body` (already parsed) or parses `rawBody`; never throws. */
export function readBody(input: { body?: unknown; rawBody?: unknown }): BodyRead {
  if (input.body !== undefined) return { kind: 'json', value: input.body };
  if (typeof input.rawBody !== 'string') return { kind: 'absent' };
  const raw = input.rawBody;
  try {
    return { kind: 'json', value: JSON.parse(raw), raw };
  } catch (e) {
    return { kind: 'invalid', raw, error: e instanceof Error ? e.message : String(e) };
  }
}

/** Shortens a value for a one-line finding message. */
export function show(v: unknown, max = 80): string {
  let s: string;
  try {
    s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
