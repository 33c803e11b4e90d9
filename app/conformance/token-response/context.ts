import { finding } from '../finding.ts';
import { compareScopeTokens, parseScope, tokenizeScopes } from '../scopes/index.ts';
import type { FlowKind } from './fields.ts';
import type { Finding } from '../types.ts';
import { isObject, show } from '../values.ts';

/**
 * Token-response rules about what was granted (78-86 of conformance.md): requested vs granted
 * scope, refresh tokens, the ID token's presence, and the launch context members.
 */

/** What the client asked for and what it got, for one token response. */
export interface ScopeView {
  flow: FlowKind;
  /** Requested scope; for a refresh without `scope`, the original grant (RFC 6749 §6). */
  requested: string | null;
  requestedTokens: string[];
  /** The response's `scope` when it is a string. */
  granted: string | undefined;
  grantedTokens: string[] | undefined;
  /** Granted tokens, or the requested ones when the response has no `scope` (the tool's assumption). */
  effectiveTokens: string[];
  originalGrantedScope: string | undefined;
}

/** Builds the scope view of a token response body. */
export function scopeView(body: Record<string, unknown>, flow: FlowKind, requestedScope: unknown, original: unknown): ScopeView {
  const originalGrantedScope = typeof original === 'string' ? original : undefined;
  let requested = typeof requestedScope === 'string' ? requestedScope : null;
  if (requested === null && flow === 'refresh' && originalGrantedScope !== undefined) requested = originalGrantedScope;
  const requestedTokens = requested === null ? [] : tokenizeScopes(requested).tokens;
  const granted = typeof body.scope === 'string' ? body.scope : undefined;
  const grantedTokens = granted === undefined ? undefined : tokenizeScopes(granted).tokens;
  const effectiveTokens = grantedTokens ?? (body.scope == null ? requestedTokens : []);
  return { flow, requested, requestedTokens, granted, grantedTokens, effectiveTokens, originalGrantedScope };
}

/**
 * Scopes whose grant a token response shows by what it carries rather than by its `scope`:
 * `openid` by the id_token (TOKRESP-ID-TOKEN-MISSING), `offline_access`/`online_access` by the
 * refresh token (TOKRESP-OFFLINE-NO-REFRESH). OpenID servers such as oidc-provider leave them out
 * of `scope`, so comparing them as resource access would report access that was in fact granted.
 */
const SHOWN_BY_TOKENS = new Set(['openid', 'offline_access', 'online_access']);
const accessScopes = (tokens: string[]) => tokens.filter((t) => !SHOWN_BY_TOKENS.has(t));

/** TOKRESP-SCOPE-DIFFERS plus the Appendix A findings, and TOKRESP-REFRESH-SCOPE-BROADER. */
export function grantFindings(v: ScopeView): Finding[] {
  const out: Finding[] = [];
  if (v.granted !== undefined && v.granted !== (v.requested ?? '')) {
    out.push(finding('TOKRESP-SCOPE-DIFFERS', `granted ${show(v.granted)} differs from requested ${show(v.requested ?? '')}`));
    out.push(...compareScopeTokens(accessScopes(v.requestedTokens), accessScopes(v.grantedTokens ?? [])).findings);
  }
  if (v.flow === 'refresh' && v.originalGrantedScope !== undefined && v.grantedTokens !== undefined) {
    const broader = compareScopeTokens(tokenizeScopes(v.originalGrantedScope).tokens, v.grantedTokens).extra;
    if (broader.length > 0) {
      out.push(finding('TOKRESP-REFRESH-SCOPE-BROADER', `refresh granted ${broader.map((t) => show(t)).join(', ')}, not covered by the original grant ${show(v.originalGrantedScope)}`));
    }
  }
  return out;
}

const REFRESH_SCOPES = ['offline_access', 'online_access'];

/** Rules 80-83: refresh tokens and the ID token's presence. */
export function refreshAndIdentityFindings(body: Record<string, unknown>, v: ScopeView): Finding[] {
  const out: Finding[] = [];
  const hasRefresh = body.refresh_token !== undefined && body.refresh_token !== null;
  const asked = REFRESH_SCOPES.filter((s) => v.requestedTokens.includes(s) || (v.grantedTokens ?? []).includes(s));
  // Offline access the response grants: named in its scope, or implied when it has no scope (then
  // the requested scope stands, RFC 6749 §5.1). A scope that leaves it out is the server refusing
  // it (OpenID servers grant offline_access only with prompt=consent): then no refresh token is
  // what the answer says, not a contradiction, and TOKRESP-SCOPE-DIFFERS already shows the refusal.
  const granted = REFRESH_SCOPES.filter((s) => (v.grantedTokens ?? (v.granted === undefined ? v.requestedTokens : [])).includes(s));
  if (v.flow === 'backend' && hasRefresh) out.push(finding('TOKRESP-REFRESH-BACKEND', 'a backend services token response contains a refresh_token'));
  if (v.flow === 'code' && hasRefresh && asked.length === 0) {
    out.push(finding('TOKRESP-REFRESH-UNEXPECTED', 'a refresh_token was issued although neither offline_access nor online_access was requested or granted'));
  }
  if (v.flow !== 'refresh' && v.flow !== 'backend' && !hasRefresh && granted.length > 0) {
    out.push(finding('TOKRESP-OFFLINE-NO-REFRESH', `${granted.join(' / ')} was ${v.grantedTokens ? 'granted' : 'requested (and the response names no scope)'} but no refresh_token was issued`));
  }
  const openid = (v.grantedTokens ?? (body.scope == null ? v.requestedTokens : [])).includes('openid');
  if (v.flow !== 'refresh' && openid && (body.id_token === undefined || body.id_token === null)) {
    out.push(finding('TOKRESP-ID-TOKEN-MISSING', `openid was ${v.grantedTokens ? 'granted' : 'requested'} but the response has no id_token`));
  }
  return out;
}

function isPatientScope(token: string): boolean {
  if (token === 'launch/patient' || token.startsWith('launch/patient?')) return true;
  const p = parseScope(token);
  return p.kind === 'resource' && p.context === 'patient';
}

/** Rules 84-85: `patient`, `encounter`, `need_patient_banner`. */
export function launchContextFindings(body: Record<string, unknown>, v: ScopeView): Finding[] {
  const out: Finding[] = [];
  const patientScope = v.effectiveTokens.find(isPatientScope);
  if (v.flow === 'code' && patientScope !== undefined && typeof body.patient !== 'string') {
    out.push(finding('TOKRESP-PATIENT-CONTEXT-MISSING', `${show(patientScope)} was granted but the response has no patient id (patient: ${show(body.patient)})`));
  }
  for (const member of ['patient', 'encounter']) {
    const value = body[member];
    if (value === undefined) continue;
    if (typeof value !== 'string') out.push(finding('TOKRESP-CONTEXT-FORMAT', `${member} is ${show(value)}, not a string id`));
    else if (value.includes('/')) out.push(finding('TOKRESP-CONTEXT-FORMAT', `${member} is ${show(value)}, a reference or URL instead of a bare id`));
  }
  const banner = body.need_patient_banner;
  if (banner !== undefined && typeof banner !== 'boolean') {
    out.push(finding('TOKRESP-CONTEXT-FORMAT', `need_patient_banner is ${show(banner)}, not a JSON boolean`));
  }
  return out;
}

function referencedType(item: Record<string, unknown>): string | undefined {
  if (typeof item.type === 'string') return item.type;
  if (typeof item.reference !== 'string') return undefined;
  const segs = item.reference.split(/[?#]/)[0]?.split('/').filter((s) => s !== '') ?? [];
  const history = segs.indexOf('_history');
  const path = history >= 0 ? segs.slice(0, history) : segs;
  return path.length >= 2 ? path[path.length - 2] : undefined;
}

/** Rule 86: the 2.2 `fhirContext` shape (array of objects with reference/canonical/identifier). */
export function fhirContextFindings(body: Record<string, unknown>): Finding[] {
  const ctx = body.fhirContext;
  if (ctx === undefined) return [];
  if (!Array.isArray(ctx)) return [finding('TOKRESP-FHIRCONTEXT-FORMAT', `fhirContext is ${show(ctx)}, not an array`)];
  const out: Finding[] = [];
  const strings = ctx.filter((x) => typeof x === 'string');
  if (strings.length > 0) {
    out.push(finding('TOKRESP-FHIRCONTEXT-FORMAT', `fhirContext contains strings (SMART 2.0 style) such as ${show(strings[0])}; 2.2 uses objects`));
  }
  const invalid = ctx.filter((x) => typeof x !== 'string' && (!isObject(x) || !['reference', 'canonical', 'identifier'].some((k) => x[k] !== undefined)));
  if (invalid.length > 0) {
    out.push(finding('TOKRESP-FHIRCONTEXT-FORMAT', `fhirContext item ${show(invalid[0])} has no reference, canonical or identifier`));
  }
  const launchTyped = ctx.filter(
    (x) => isObject(x) && ['Patient', 'Encounter'].includes(referencedType(x) ?? '') && (typeof x.role !== 'string' || x.role === 'launch'),
  );
  if (launchTyped.length > 0) {
    out.push(finding('TOKRESP-FHIRCONTEXT-FORMAT', `fhirContext item ${show(launchTyped[0])} names a Patient/Encounter without a non-launch role; use the patient/encounter members`));
  }
  return out;
}
