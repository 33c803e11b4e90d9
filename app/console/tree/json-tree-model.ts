import { detectReference, type ReferenceTarget } from './references.ts';

/**
 * A parsed JSON document as a collapsible tree, flattened to the rows currently visible.
 *
 * Why: a 50 MB searchset Bundle has millions of values; the view can only afford to render
 * the few dozen rows on screen. This model keeps the document, the expansion state and the
 * visible rows (node objects are created only for expanded containers), answers any window of
 * rows, and searches keys and values without building rows for the whole document. It runs in
 * a Web Worker, so none of this touches the UI thread.
 */

/** Any JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** One segment of a path from the root. */
export type PathPart = string | number;

/** One visible row, as the view renders it. */
export interface TreeRow {
  index: number;
  depth: number;
  /** Object key, array index, or null for the root. */
  key: PathPart | null;
  kind: 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';
  /** A primitive's JSON text (long strings cut), or a container's summary. */
  text: string;
  /** For containers: `Observation/123` when the object is (or wraps) a resource. */
  hint?: string;
  childCount: number;
  expanded: boolean;
  reference?: ReferenceTarget;
  /** True when this row is the current search match. */
  current?: boolean;
}

interface Node {
  key: PathPart | null;
  value: JsonValue;
  depth: number;
  parent: Node | null;
  expanded: boolean;
  children?: Node[];
}

/** Longest primitive text a row carries (the full value is available through `valueAt`). */
export const MAX_ROW_TEXT = 500;

const kindOf = (v: JsonValue): TreeRow['kind'] => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : (typeof v as 'string' | 'number' | 'boolean'));
const isContainer = (v: JsonValue): v is JsonValue[] | { [k: string]: JsonValue } => v !== null && typeof v === 'object';
const sizeOf = (v: JsonValue): number => (Array.isArray(v) ? v.length : isContainer(v) ? Object.keys(v).length : 0);

function resourceHint(v: JsonValue): string | undefined {
  if (!isContainer(v) || Array.isArray(v)) return undefined;
  const r = (typeof v.resourceType === 'string' ? v : isContainer(v.resource ?? null) ? v.resource : undefined) as { resourceType?: unknown; id?: unknown } | undefined;
  if (!r || typeof r.resourceType !== 'string') return undefined;
  return typeof r.id === 'string' ? `${r.resourceType}/${r.id}` : r.resourceType;
}

/** Counts nodes up to `cap` (to decide whether a document is small enough to open fully). */
function countNodes(v: JsonValue, cap: number): number {
  let n = 0;
  const stack: JsonValue[] = [v];
  while (stack.length && n < cap) {
    const x = stack.pop() as JsonValue;
    n++;
    if (!isContainer(x)) continue;
    const kids = Array.isArray(x) ? x : Object.values(x);
    for (let i = 0; i < kids.length && stack.length < cap; i++) stack.push(kids[i] as JsonValue);
    if (stack.length >= cap) return cap;
  }
  return n;
}

/** The collapsible tree; see the file comment. */
export class JsonTreeModel {
  private readonly root: Node;
  private visible: Node[];
  private matches: PathPart[][] = [];
  private currentMatch = -1;

  constructor(value: JsonValue) {
    this.root = { key: null, value, depth: 0, parent: null, expanded: false };
    this.visible = [this.root];
    if (!isContainer(value)) return;
    if (countNodes(value, 1500) < 1500) {
      this.expandAll();
      return;
    }
    this.toggle(0);
    // One level more: a Bundle then shows its link and entry lists, entries still closed.
    for (const child of [...(this.root.children ?? [])].reverse()) {
      if (isContainer(child.value)) this.toggle(this.visible.indexOf(child));
    }
  }

  /** How many rows are visible. */
  get rowCount(): number {
    return this.visible.length;
  }

  /** Rows [start, end) of the visible list. */
  rows(start: number, end: number): TreeRow[] {
    const out: TreeRow[] = [];
    const current = this.currentMatch >= 0 ? this.matches[this.currentMatch] : undefined;
    for (let i = Math.max(0, start); i < Math.min(end, this.visible.length); i++) {
      const node = this.visible[i] as Node;
      const kind = kindOf(node.value);
      const row: TreeRow = { index: i, depth: node.depth, key: node.key, kind, text: this.text(node.value), childCount: sizeOf(node.value), expanded: node.expanded };
      const hint = resourceHint(node.value);
      if (hint) row.hint = hint;
      const inLink = !!node.parent?.parent && node.parent.parent.key === 'link';
      const ref = detectReference(node.key, node.value, inLink);
      if (ref) row.reference = ref;
      if (current && this.samePath(node, current)) row.current = true;
      out.push(row);
    }
    return out;
  }

  /** Opens or closes the container at a visible row; primitives are ignored. */
  toggle(index: number): void {
    const node = this.visible[index];
    if (!node || !isContainer(node.value)) return;
    if (node.expanded) {
      let end = index + 1;
      while (end < this.visible.length && (this.visible[end] as Node).depth > node.depth) end++;
      this.visible.splice(index + 1, end - index - 1);
      node.expanded = false;
      return;
    }
    node.expanded = true;
    const rows: Node[] = [];
    this.collectVisible(node, rows);
    // splice with a spread overflows the stack for huge arrays; rebuild instead.
    this.visible = this.visible.slice(0, index + 1).concat(rows, this.visible.slice(index + 1));
  }

  /** Opens everything while the visible rows stay under `maxRows`; false when it stopped early. */
  expandAll(maxRows = 250_000): boolean {
    const rows: Node[] = [];
    const stack: Node[] = [this.root];
    while (stack.length) {
      const node = stack.pop() as Node;
      rows.push(node);
      if (!isContainer(node.value)) continue;
      const room = rows.length + stack.length + sizeOf(node.value) <= maxRows;
      node.expanded = room;
      if (!room) continue;
      const kids = this.childrenOf(node);
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as Node);
    }
    this.visible = rows;
    return rows.every((n) => !isContainer(n.value) || n.expanded);
  }

  /** Closes everything but the root. */
  collapseAll(): void {
    const close = (n: Node) => { n.expanded = false; n.children?.forEach(close); };
    close(this.root);
    this.visible = [this.root];
    this.toggle(0);
  }

  /**
   * Finds keys and primitive values containing `query` (case-insensitive), up to `limit`
   * matches, and makes the first one current. Returns the count.
   */
  search(query: string, limit = 10_000): { count: number; capped: boolean } {
    this.matches = [];
    this.currentMatch = -1;
    const q = query.trim().toLowerCase();
    if (!q) return { count: 0, capped: false };
    const path: PathPart[] = [];
    let capped = false;
    const walk = (v: JsonValue, key: PathPart | null): void => {
      if (capped) return;
      const keyHit = typeof key === 'string' && key.toLowerCase().includes(q);
      const valueHit = !isContainer(v) && String(v).toLowerCase().includes(q);
      if (keyHit || valueHit) {
        if (this.matches.length >= limit) { capped = true; return; }
        this.matches.push([...path]);
      }
      if (Array.isArray(v)) v.forEach((x, i) => { path.push(i); walk(x, i); path.pop(); });
      else if (isContainer(v)) for (const k of Object.keys(v)) { path.push(k); walk(v[k] as JsonValue, k); path.pop(); }
    };
    walk(this.root.value, null);
    return { count: this.matches.length, capped };
  }

  /** Makes match `i` current, opens its ancestors, and returns its row index. */
  reveal(i: number): number {
    const path = this.matches[i];
    if (!path) return -1;
    this.currentMatch = i;
    let node = this.root;
    for (const part of path) {
      const index = this.visible.indexOf(node);
      if (!node.expanded) this.toggle(index);
      const next = this.childrenOf(node).find((c) => c.key === part);
      if (!next) return index;
      node = next;
    }
    return this.visible.indexOf(node);
  }

  /** The full value at a visible row (for copying). */
  valueAt(index: number): JsonValue | undefined {
    return this.visible[index]?.value;
  }

  /** A readable path such as `entry[3].resource.subject.reference`. */
  pathAt(index: number): string {
    const parts: PathPart[] = [];
    for (let n = this.visible[index]; n && n.key !== null; n = n.parent ?? undefined) parts.unshift(n.key);
    return parts.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('') || '(root)';
  }

  private childrenOf(node: Node): Node[] {
    if (node.children) return node.children;
    const v = node.value;
    const depth = node.depth + 1;
    node.children = Array.isArray(v)
      ? v.map((value, i) => ({ key: i, value, depth, parent: node, expanded: false }))
      : isContainer(v) ? Object.keys(v).map((key) => ({ key, value: v[key] as JsonValue, depth, parent: node, expanded: false })) : [];
    return node.children;
  }

  private collectVisible(node: Node, out: Node[]): void {
    for (const child of this.childrenOf(node)) {
      out.push(child);
      if (child.expanded) this.collectVisible(child, out);
    }
  }

  private text(v: JsonValue): string {
    if (Array.isArray(v)) return `[${v.length} item${v.length === 1 ? '' : 's'}]`;
    if (isContainer(v)) {
      const n = Object.keys(v).length;
      return `{${n} key${n === 1 ? '' : 's'}}`;
    }
    const s = JSON.stringify(v);
    return s.length > MAX_ROW_TEXT ? `${s.slice(0, MAX_ROW_TEXT)}…` : s;
  }

  private samePath(node: Node, path: PathPart[]): boolean {
    if (node.depth !== path.length) return false;
    let n: Node | null = node;
    for (let i = path.length - 1; i >= 0; i--, n = n?.parent ?? null) if (!n || n.key !== path[i]) return false;
    return true;
  }
}
