import { readOperationOutcome, type OutcomeIssue } from '../../../../../app/console/operation-outcome.ts';
import { decodeBase64, decodeUtf8Pieces } from './base64.ts';
import { JsonTreeModel, type JsonValue, type TreeRow } from './json-tree-model.ts';
import { bundleLinks } from './references.ts';

/**
 * The messages between the console and its JSON worker, and the handler that answers them.
 *
 * Why: the same handler runs inside the Web Worker (normally) or on the page when a worker
 * cannot start, so both paths behave identically and the handler is tested without a worker.
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

/** A request to the tree. */
export type TreeRequest =
  | { op: 'append'; index: number; base64: string }
  | { op: 'load'; chunks?: string[] }
  | { op: 'rows'; start: number; end: number }
  | { op: 'toggle'; index: number }
  | { op: 'expand-all' }
  | { op: 'collapse-all' }
  | { op: 'search'; query: string }
  | { op: 'reveal'; match: number }
  | { op: 'value'; index: number }
  | { op: 'pretty' };

/** Answers, by operation. */
export interface TreeAnswers {
  append: { pieces: number };
  load: { ok: true; rowCount: number; summary: DocSummary; parseMs: number } | { ok: false; message: string; line?: number; column?: number };
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
  const need = () => {
    if (!model) throw new Error('No document is loaded.');
    return model;
  };
  return function handle<R extends TreeRequest>(req: R): TreeAnswers[R['op']] {
    const answer = (): TreeAnswers[TreeRequest['op']] => {
      switch (req.op) {
        case 'append':
          pieces[req.index] = decodeBase64(req.base64);
          return { pieces: pieces.length };
        case 'load': {
          model = undefined;
          doc = undefined;
          const text = req.chunks ? req.chunks.join('') : decodeUtf8Pieces(pieces);
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
