import { isObject } from '../values.ts';

/**
 * Reads a discovery (or CapabilityStatement) body given parsed or raw.
 *
 * Real discovery documents are often almost-JSON (the IG's own backend-services example has
 * trailing commas). The document is still reported as invalid JSON, but the engine reads it
 * leniently so the developer also learns what else is wrong with its fields.
 */

/** Outcome of reading a body: a JSON object (possibly only after lenient repair), or why not. */
export type DocumentRead =
  | { kind: 'object'; doc: Record<string, unknown>; repaired?: string }
  | { kind: 'not-object'; problem: string; doc?: Record<string, unknown> };

/**
 * Removes commas that directly precede `}` or `]`, outside string literals.
 *
 * One pass over character codes, copying slices between removed commas: linear in time and
 * memory even for a multi-megabyte body (an error page or a hostile server's answer).
 */
export function stripTrailingCommas(text: string): string {
  const out: string[] = [];
  const closer = /\s*[}\]]/y;
  let start = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 44) {
      closer.lastIndex = i + 1;
      if (closer.test(text)) {
        out.push(text.slice(start, i));
        start = i + 1;
      }
    }
  }
  out.push(text.slice(start));
  return out.join('');
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a JSON array';
  return `a JSON ${typeof value}`;
}

function parseText(raw: string): DocumentRead {
  const text = raw.replace(/^\uFEFF/, '');
  if (text.trim() === '') return { kind: 'not-object', problem: 'the body is empty' };
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? { kind: 'object', doc: value } : { kind: 'not-object', problem: `the body is ${describe(value)}, not an object` };
  } catch (e) {
    const detail = (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').slice(0, 120);
    const looksHtml = /^\s*</.test(text);
    const problem = looksHtml ? 'the body is HTML, not JSON' : `the body is not valid JSON (${detail})`;
    if (!looksHtml) {
      try {
        const repaired: unknown = JSON.parse(stripTrailingCommas(text));
        if (isObject(repaired)) return { kind: 'not-object', problem: `${problem}; it parses once trailing commas are removed`, doc: repaired };
      } catch {
        // not repairable: the problem above stands
      }
    }
    return { kind: 'not-object', problem };
  }
}

/** Reads `body` (parsed; a string is treated as raw text) or `rawBody`; never throws. */
export function readDocument(input: { body?: unknown; rawBody?: unknown }): DocumentRead {
  if (input.body !== undefined) {
    if (typeof input.body === 'string') return parseText(input.body);
    return isObject(input.body) ? { kind: 'object', doc: input.body } : { kind: 'not-object', problem: `the body is ${describe(input.body)}, not an object` };
  }
  if (typeof input.rawBody === 'string') return parseText(input.rawBody);
  if (input.rawBody !== undefined) return { kind: 'not-object', problem: `the raw body is not text (${describe(input.rawBody)})` };
  return { kind: 'not-object', problem: 'the body is empty' };
}
