import { readOperationOutcome, type OutcomeIssue } from '../operation-outcome.ts';
import { JsonTreeModel, type JsonValue, type TreeRow } from './json-tree-model.ts';
import { bundleLinks } from './references.ts';

/**
 * The requests a response tree answers, and the handler that answers them.
 *
 * Why: the same handler serves small bodies in the renderer's Web Worker and large ones in
 * main's tree thread (where the bytes already are), so both behave identically and the
 * handler is tested without either.
 */

/** What the document is, for the response header: resource type, Bundle facts, issues. */
export interface DocSummary {
  resourceType?: string;
  bundleType?: string;
  total?: number;
  entries?: number;
  links: { relation: string; url: string }[];
  /** Issues of a top-level OperationOutcome, or of Bundle entries with search mode "outcome". */
  outcome?: OutcomeIssue[];
}

/** Requests the view makes once a document is loaded. */
export type TreeViewRequest =
  | { op: 'rows'; start: number; end: number }
  | { op: 'toggle'; index: number }
  | { op: 'expand-all' }
  | { op: 'collapse-all' }
  | { op: 'search'; query: string }
  | { op: 'reveal'; match: number }
  | { op: 'value'; index: number }
  | { op: 'pretty' };

/** Every request: loading (UTF-8 pieces in order, or whole strings) and the view's. */
export type TreeRequest =
  | { op: 'append'; index: number; bytes: Uint8Array }
  | { op: 'load'; chunks?: string[] }
  | TreeViewRequest;

/** The load outcome: rows and facts, or where the JSON is broken. */
export type LoadAnswer = { ok: true; rowCount: number; summary: DocSummary; parseMs: number } | { ok: false; message: string; line?: number; column?: number };

/** Answers, by operation. */
export interface TreeAnswers {
  append: { pieces: number };
  load: LoadAnswer;
  rows: TreeRow[];
  toggle: { rowCount: number };
  'expand-all': { rowCount: number; complete: boolean };
  'collapse-all': { rowCount: number };
  search: { count: number; capped: boolean };
  reveal: { index: number; rowCount: number };
  value: { json: string; path: string };
  pretty: { text: string };
}

/** The largest document `pretty` formats (formatting doubles the size). */
export const MAX_PRETTY_CHARS = 20 * 1024 * 1024;

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);

/** Facts the response header shows about a parsed document. */
export function summarize(doc: unknown): DocSummary {
  const o = obj(doc);
  const summary: DocSummary = { links: bundleLinks(doc) };
  if (typeof o?.resourceType === 'string') summary.resourceType = o.resourceType;
  const outcome = readOperationOutcome(doc);
  if (outcome) summary.outcome = outcome;
  if (o?.resourceType === 'Bundle') {
    if (typeof o.type === 'string') summary.bundleType = o.type;
    if (typeof o.total === 'number') summary.total = o.total;
    const entries = Array.isArray(o.entry) ? o.entry : [];
    summary.entries = entries.length;
    const issues = entries.flatMap((e) => (obj(obj(e)?.search)?.mode === 'outcome' ? readOperationOutcome(obj(e)?.resource) ?? [] : []));
    if (issues.length) summary.outcome = issues;
  }
  return summary;
}

function parseProblem(e: unknown, text: string): TreeAnswers['load'] {
  const raw = e instanceof Error ? e.message : String(e);
  const pos = /position (\d+)/.exec(raw);
  const message = `The body is not valid JSON: ${raw.replace(/\s*\(line \d+ column \d+\)/, '').replace(/ in JSON at position \d+/, '')}`;
  if (!pos) return { ok: false, message };
  const before = text.slice(0, Number(pos[1]));
  return { ok: false, message, line: before.split('\n').length, column: Number(pos[1]) - before.lastIndexOf('\n') };
}

/** A handler holding one document at a time. */
export function createTreeHandler() {
  let model: JsonTreeModel | undefined;
  let doc: unknown;
  let pieces: Uint8Array[] = [];
  const utf8 = (parts: Uint8Array[]) => {
    if (parts.length === 1 && parts[0]) return new TextDecoder().decode(parts[0]);
    const all = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
    let at = 0;
    for (const p of parts) { all.set(p, at); at += p.byteLength; }
    return new TextDecoder().decode(all);
  };
  const need = () => {
    if (!model) throw new Error('No document is loaded.');
    return model;
  };
  return function handle<R extends TreeRequest>(req: R): TreeAnswers[R['op']] {
    const answer = (): TreeAnswers[TreeRequest['op']] => {
      switch (req.op) {
        case 'append':
          pieces[req.index] = req.bytes;
          return { pieces: pieces.length };
        case 'load': {
          model = undefined;
          doc = undefined;
          const text = req.chunks ? req.chunks.join('') : utf8(pieces);
          pieces = [];
          const t0 = performance.now();
          try {
            doc = JSON.parse(text);
          } catch (e) {
            return parseProblem(e, text);
          }
          const parseMs = performance.now() - t0;
          model = new JsonTreeModel(doc as JsonValue);
          return { ok: true, rowCount: model.rowCount, summary: summarize(doc), parseMs };
        }
        case 'rows': return need().rows(req.start, req.end);
        case 'toggle': need().toggle(req.index); return { rowCount: need().rowCount };
        case 'expand-all': { const complete = need().expandAll(); return { rowCount: need().rowCount, complete }; }
        case 'collapse-all': need().collapseAll(); return { rowCount: need().rowCount };
        case 'search': return need().search(req.query);
        case 'reveal': return { index: need().reveal(req.match), rowCount: need().rowCount };
        case 'value': return { json: JSON.stringify(need().valueAt(req.index) ?? null, null, 2), path: need().pathAt(req.index) };
        case 'pretty': {
          need();
          const text = JSON.stringify(doc, null, 2);
          return { text: text.length > MAX_PRETTY_CHARS ? `${text.slice(0, MAX_PRETTY_CHARS)}\n… (cut at ${MAX_PRETTY_CHARS / 1024 / 1024} MB)` : text };
        }
      }
    };
    return answer() as TreeAnswers[R['op']];
  };
}
