import { canonicalResourceType, FHIR_RESOURCE_TYPES } from './resource-types.ts';
import { parseScope, parseScopeQuery, type ParsedScope } from './parse.ts';

/**
 * Per-token diagnosis behind the SCOPE-* grammar rules (102-107, 118 of conformance.md).
 *
 * Separate from parsing because the comparison only needs "resource scope or opaque", while the
 * grammar rules need to know *why* a token that looks like a scope is not one.
 */

/** What kind of scope a token is (or looks like, for misspelt ones). */
export type ScopeCategory =
  | 'resource' // a SMART resource scope shape: (patient|user|system)/...
  | 'launch' // launch, launch/<type>
  | 'identity' // openid, fhirUser, profile, email, address, phone
  | 'access' // offline_access, online_access
  | 'extension' // full URI or __-prefixed
  | 'unrecognized';

/** The grammar problems of one token. */
export interface ScopeDiagnosis {
  token: string;
  parsed: ParsedScope;
  category: ScopeCategory;
  /** Context prefix in lowercase when the token looks like a resource scope. */
  context?: string;
  separator: boolean; // SCOPE-SEPARATOR
  syntax: string[]; // SCOPE-SYNTAX reasons
  order?: string; // SCOPE-V2-ORDER: the offending suffix
  caseFix?: string; // SCOPE-CASE: the correctly spelt token
  unknownResource?: string; // SCOPE-UNKNOWN-RESOURCE: the type
  /** True when the token is a valid, recognised scope (no grammar finding at all). */
  recognized: boolean;
}

const IDENTITY = ['openid', 'fhirUser', 'profile', 'email', 'address', 'phone'];
const ACCESS = ['offline_access', 'online_access'];
const RESOURCE_LIKE = /^(patient|user|system)\//i;
const CRUDS_IN_ORDER = /^c?r?u?d?s?$/;

function exactFrom(list: string[], token: string): string | undefined {
  return list.find((k) => k.toLowerCase() === token.toLowerCase());
}

/** True when a part of a `+`/`,`/`;`-joined token looks like a scope on its own. */
function scopeShaped(part: string): boolean {
  if (part === '') return false;
  if (RESOURCE_LIKE.test(part)) return part.includes('.');
  if (/^launch(\/[a-z]+)?$/i.test(part)) return true;
  return exactFrom([...IDENTITY, ...ACCESS], part) !== undefined;
}

/**
 * True when a token joins scopes with `,`, `;` or `+` (SCOPE-SEPARATOR, TOKRESP-SCOPE-TYPE).
 *
 * A `,` or `;` before any `?` always counts; inside a v2 query (where `,` is FHIR's OR) and for `+`
 * it counts only when every joined part looks like a scope of its own.
 */
export function joinsScopes(token: string): boolean {
  const beforeQuery = token.split('?')[0] ?? '';
  if (/[,;]/.test(beforeQuery)) return true;
  const parts = token.split(/[,;+]/).filter((p) => p !== '');
  return parts.length > 1 && parts.every(scopeShaped);
}

function diagnoseResourceLike(token: string, d: ScopeDiagnosis): void {
  const slash = token.indexOf('/');
  const ctxRaw = token.slice(0, slash);
  const rest = token.slice(slash + 1);
  const q = rest.indexOf('?');
  const main = q < 0 ? rest : rest.slice(0, q);
  const query = q < 0 ? undefined : rest.slice(q + 1);
  const dot = main.indexOf('.');
  const type = dot < 0 ? main : main.slice(0, dot);
  const suffix = dot < 0 ? undefined : main.slice(dot + 1);
  let fixedType = type;
  let fixedSuffix = suffix ?? '';
  let caseIssue = ctxRaw !== ctxRaw.toLowerCase();
  d.context = ctxRaw.toLowerCase();

  if (dot < 0) d.syntax.push('no "." between resource type and permissions');
  if (type === '') d.syntax.push('empty resource type');
  else if (type !== '*') {
    if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(type)) d.syntax.push(`resource type "${type}" is not a type name`);
    else if (!FHIR_RESOURCE_TYPES.has(type)) {
      const canon = canonicalResourceType(type);
      if (canon) {
        caseIssue = true;
        fixedType = canon;
      } else d.unknownResource = type;
    }
  }

  let v1 = false;
  if (suffix !== undefined) {
    const lower = suffix.toLowerCase();
    if (suffix === '') d.syntax.push('empty permissions after "."');
    else if (['read', 'write', '*'].includes(suffix)) v1 = true;
    else if (lower === 'read' || lower === 'write') {
      v1 = true;
      caseIssue = true;
      fixedSuffix = lower;
    } else if (/^[cruds]+$/i.test(suffix)) {
      if (suffix !== lower) {
        caseIssue = true;
        fixedSuffix = lower;
      }
      if (!CRUDS_IN_ORDER.test(lower)) d.order = suffix;
    } else d.syntax.push(`permissions "${suffix}" are neither v1 (read, write, *) nor v2 (c r u d s)`);
  }

  if (query !== undefined) {
    if (v1) d.syntax.push('a query suffix is only allowed on v2 scopes');
    else if (!parseScopeQuery(query)) d.syntax.push(`malformed query "?${query}" (expected param=value&...)`);
  }
  if (caseIssue) {
    d.caseFix = `${ctxRaw.toLowerCase()}/${fixedType}${dot < 0 ? '' : '.'}${fixedSuffix}${query === undefined ? '' : `?${query}`}`;
  }
}

function diagnoseLaunch(token: string, d: ScopeDiagnosis): boolean {
  const m = /^(launch)(?:\/([A-Za-z]+))?(\?.*)?$/i.exec(token);
  if (!m) return false;
  const [, word = '', type, query] = m;
  const canon = type === undefined ? undefined : canonicalResourceType(type);
  if (type !== undefined && !canon) return false;
  if (query !== undefined && (type === undefined || !/^\?role=.+$/.test(query))) return false;
  d.category = 'launch';
  const fixed = `launch${canon ? `/${canon.toLowerCase()}` : ''}${query ?? ''}`;
  if (word !== 'launch' || (type !== undefined && type !== type.toLowerCase())) d.caseFix = fixed;
  return true;
}

/** Diagnoses one scope token; never throws. */
export function diagnoseScopeToken(token: string): ScopeDiagnosis {
  const d: ScopeDiagnosis = {
    token,
    parsed: parseScope(token),
    category: 'unrecognized',
    separator: false,
    syntax: [],
    recognized: false,
  };
  if (joinsScopes(token)) {
    d.separator = true;
    if (RESOURCE_LIKE.test(token)) {
      d.category = 'resource';
      d.context = token.slice(0, token.indexOf('/')).toLowerCase();
    }
    return d;
  }
  if (RESOURCE_LIKE.test(token)) {
    d.category = 'resource';
    diagnoseResourceLike(token, d);
  } else if (!diagnoseLaunch(token, d)) {
    const identity = exactFrom(IDENTITY, token);
    const access = exactFrom(ACCESS, token);
    if (identity || access) {
      d.category = identity ? 'identity' : 'access';
      if (token !== (identity ?? access)) d.caseFix = identity ?? access;
    } else if (token.startsWith('__') || /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(token)) {
      d.category = 'extension';
    }
  }
  d.recognized =
    d.category !== 'unrecognized' && d.syntax.length === 0 && !d.order && !d.caseFix && !d.unknownResource;
  return d;
}

/** True when the token has any grammar finding of its own (SEPARATOR, SYNTAX, ORDER, CASE, UNKNOWN-RESOURCE). */
export function hasGrammarProblem(d: ScopeDiagnosis): boolean {
  return d.separator || d.syntax.length > 0 || d.order !== undefined || d.caseFix !== undefined || d.unknownResource !== undefined;
}
