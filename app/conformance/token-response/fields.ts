import { finding } from '../finding.ts';
import { joinsScopes, tokenizeScopes } from '../scopes/index.ts';
import type { Finding } from '../types.ts';
import { header, show } from '../values.ts';

/**
 * Token-response envelope and field rules (67-77 and 87 of conformance.md): media type, error
 * bodies with 2xx, `access_token`, `token_type`, `expires_in`, `scope`, cache headers.
 */

/** The three flow labels of section 5 (backend = client_credentials, code, refresh). */
export type FlowKind = 'backend' | 'code' | 'refresh';

/** Maps the caller's flow name onto section 5's labels. */
export function flowKind(flow: unknown): FlowKind {
  const s = typeof flow === 'string' ? flow.toLowerCase() : '';
  if (['backend', 'client_credentials', 'backend-services', 'backend_services'].includes(s)) return 'backend';
  if (['refresh', 'refresh_token'].includes(s)) return 'refresh';
  return 'code';
}

/** The TOKRESP-NOT-JSON problem with the Content-Type header, if any (parameters such as charset allowed). */
export function contentTypeProblem(headers: unknown): string | undefined {
  const ct = header(headers, 'content-type');
  const media = ct?.split(';')[0]?.trim().toLowerCase();
  if (media === 'application/json') return undefined;
  return `Content-Type is ${ct === undefined ? 'missing' : show(ct)}, not application/json`;
}

/** TOKRESP-CACHE-HEADERS: Cache-Control must contain no-store and Pragma no-cache. */
export function cacheHeaderFindings(headers: unknown): Finding[] {
  const cc = header(headers, 'cache-control');
  const pragma = header(headers, 'pragma');
  const problems: string[] = [];
  if (!cc || !/(^|[\s,])no-store($|[\s,;=])/i.test(cc)) problems.push(`Cache-Control is ${cc === undefined ? 'missing' : show(cc)} (needs no-store)`);
  if (!pragma || !/(^|[\s,])no-cache($|[\s,;=])/i.test(pragma)) problems.push(`Pragma is ${pragma === undefined ? 'missing' : show(pragma)} (needs no-cache)`);
  return problems.length > 0 ? [finding('TOKRESP-CACHE-HEADERS', problems.join('; '))] : [];
}

function expiresInFindings(body: Record<string, unknown>, flow: FlowKind): Finding[] {
  const v = body.expires_in;
  if (v === undefined || v === null) {
    return [finding('TOKRESP-EXPIRES-IN-MISSING', `expires_in is missing (${flow} flow)`, flow === 'code' ? 'warning' : 'error')];
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    return [finding('TOKRESP-EXPIRES-IN-TYPE', `expires_in is ${show(v)} (${Array.isArray(v) ? 'array' : typeof v}), not a JSON number`)];
  }
  if (v <= 0) return [finding('TOKRESP-EXPIRES-IN-NONPOSITIVE', `expires_in is ${v}`)];
  if (flow === 'backend' && v > 300) {
    return [finding('TOKRESP-EXPIRES-IN-LONG', `expires_in is ${v} s; backend tokens SHOULD NOT exceed 300 s`, 'warning')];
  }
  if (flow !== 'backend' && v > 3600) {
    return [finding('TOKRESP-EXPIRES-IN-LONG', `expires_in is ${v} s; app tokens SHOULD live no longer than one hour (3600 s)`, 'info')];
  }
  return [];
}

function scopeFindings(body: Record<string, unknown>): Finding[] {
  const v = body.scope;
  if (v === undefined || v === null) return [finding('TOKRESP-SCOPE-MISSING', 'the token response has no scope member')];
  if (typeof v !== 'string') {
    return [finding('TOKRESP-SCOPE-TYPE', `scope is ${show(v)} (${Array.isArray(v) ? 'array' : typeof v}), not a space-separated string`)];
  }
  if (v.trim() === '') return [finding('TOKRESP-SCOPE-EMPTY', `scope is ${show(v)}: no permissions were granted`)];
  const joined = tokenizeScopes(v).tokens.filter(joinsScopes);
  if (joined.length > 0) {
    return [finding('TOKRESP-SCOPE-TYPE', `scope ${show(v)} uses commas or plus signs as separators (${joined.map((t) => show(t)).join(', ')})`)];
  }
  return [];
}

/** Rules 68-77 for a 2xx JSON object body. */
export function fieldFindings(body: Record<string, unknown>, flow: FlowKind): Finding[] {
  const out: Finding[] = [];
  const token = body.access_token;
  if (body.error !== undefined || token === undefined) {
    const what = body.error !== undefined ? `error ${show(body.error)}${typeof body.error_description === 'string' ? ` (${show(body.error_description)})` : ''}` : 'no access_token';
    out.push(finding('TOKRESP-ERROR-WITH-200', `success status with ${what}`));
  }
  if (typeof token !== 'string' || token.trim() === '') {
    out.push(finding('TOKRESP-ACCESS-TOKEN', `access_token is ${token === undefined ? 'missing' : show(token)}`));
  }
  const type = body.token_type;
  if (typeof type !== 'string' || type.toLowerCase() !== 'bearer') {
    out.push(finding('TOKRESP-TOKEN-TYPE', `token_type is ${type === undefined ? 'missing' : show(type)}, not "Bearer"`));
  }
  out.push(...expiresInFindings(body, flow), ...scopeFindings(body));
  return out;
}
