import { parseScope, tokenizeScopes, type ParsedScope, type Permission } from '../../../../app/conformance/scopes/index.ts';

/**
 * The resource × permission (c r u d s) grid of a requested and a granted scope string, per
 * context (patient, user, system), so "what can this token actually do" is one glance.
 *
 * SMART v1 suffixes are read as their v2 letters (read = rs, write = cud, * = cruds), so a v1
 * request and a v2 grant line up in the same cells.
 */

/** Permission letters in SMART v2 order. */
export const PERMISSIONS: readonly Permission[] = ['c', 'r', 'u', 'd', 's'];
/** Scope contexts in display order. */
export const CONTEXTS = ['patient', 'user', 'system'] as const;
/** One of CONTEXTS. */
export type ScopeContext = (typeof CONTEXTS)[number];

/**
 * How one side (requested or granted) covers a cell: by a scope naming this resource,
 * by a `*` scope of the same context, only through a v2 query-limited scope, or not at all.
 */
export type Coverage = 'explicit' | 'wildcard' | 'query' | 'none';

/** One cell: both sides, and the verdict the UI colours. */
export interface MatrixCell {
  requested: Coverage;
  granted: Coverage;
  /** both: asked and given; missing: asked, not given; extra: given without asking; none: neither. */
  status: 'both' | 'missing' | 'extra' | 'none';
}

/** One resource type's row. */
export interface MatrixRow { resource: string; cells: Record<Permission, MatrixCell> }

/** The grid of one context. */
export interface ContextMatrix { context: ScopeContext; rows: MatrixRow[] }

/** The whole picture: one grid per context used, and the non-resource scopes of each side. */
export interface PermissionMatrix {
  contexts: ContextMatrix[];
  otherRequested: string[];
  otherGranted: string[];
}

type Resource = Extract<ParsedScope, { kind: 'resource' }>;

function coverage(scopes: Resource[], context: ScopeContext, resource: string, p: Permission): Coverage {
  const inContext = scopes.filter((s) => s.context === context && s.permissions.has(p));
  const exact = inContext.filter((s) => s.type === resource);
  if (exact.some((s) => s.query.length === 0)) return 'explicit';
  const wild = resource !== '*' && inContext.some((s) => s.type === '*' && s.query.length === 0);
  if (wild) return 'wildcard';
  if (exact.length > 0 || (resource !== '*' && inContext.some((s) => s.type === '*'))) return 'query';
  return 'none';
}

function statusOf(requested: Coverage, granted: Coverage): MatrixCell['status'] {
  const r = requested !== 'none';
  const g = granted !== 'none';
  return r && g ? 'both' : r ? 'missing' : g ? 'extra' : 'none';
}

function split(scope: string): { resources: Resource[]; other: string[] } {
  const resources: Resource[] = [];
  const other: string[] = [];
  for (const token of tokenizeScopes(scope).tokens) {
    const parsed = parseScope(token);
    if (parsed.kind === 'resource') resources.push(parsed);
    else other.push(token);
  }
  return { resources, other };
}

/** Builds the grids for a requested and a granted scope string (either may be empty). */
export function buildPermissionMatrix(requested: string, granted: string): PermissionMatrix {
  const req = split(requested);
  const got = split(granted);
  const contexts: ContextMatrix[] = [];
  for (const context of CONTEXTS) {
    const types = new Set([...req.resources, ...got.resources].filter((s) => s.context === context).map((s) => s.type));
    if (types.size === 0) continue;
    const ordered = [...types].sort((a, b) => (a === '*' ? -1 : b === '*' ? 1 : a.localeCompare(b)));
    const rows = ordered.map((resource) => {
      const cells = {} as Record<Permission, MatrixCell>;
      for (const p of PERMISSIONS) {
        const r = coverage(req.resources, context, resource, p);
        const g = coverage(got.resources, context, resource, p);
        cells[p] = { requested: r, granted: g, status: statusOf(r, g) };
      }
      return { resource, cells };
    });
    contexts.push({ context, rows });
  }
  return { contexts, otherRequested: req.other, otherGranted: got.other };
}

/** Names of the permission letters, for headers and screen readers. */
export const PERMISSION_NAMES: Record<Permission, string> = { c: 'create', r: 'read', u: 'update', d: 'delete', s: 'search' };
