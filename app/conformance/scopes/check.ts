import { finding } from '../finding.ts';
import { diagnoseScopeToken, hasGrammarProblem, type ScopeDiagnosis } from './diagnose.ts';
import { tokenizeScopes } from './parse.ts';
import type { Finding } from '../types.ts';
import { show } from '../values.ts';

/**
 * The SCOPE-* grammar and usage rules (102-118 of conformance.md) applied to a scope string as
 * the client requested it. Shared by the token-request, authorize-request and scope inspectors.
 */

/** Which flow the scope string was requested in. */
export interface ScopeCheckContext {
  flow: 'backend' | 'app-launch-standalone' | 'app-launch-ehr';
  discovery?: unknown;
}

const APP_LAUNCH_CATEGORIES = new Set(['launch', 'identity', 'access']);

function tokenFindings(d: ScopeDiagnosis, backend: boolean): Finding[] {
  const out: Finding[] = [];
  const t = show(d.token);
  if (d.separator) {
    out.push(finding('SCOPE-SEPARATOR', `scope token ${t} joins several scopes with ",", ";" or "+"; separate scopes with single spaces`));
    return out; // the separator is the diagnosis; the joined token means nothing on its own
  }
  if (d.syntax.length > 0) out.push(finding('SCOPE-SYNTAX', `scope ${t} is malformed: ${d.syntax.join('; ')}`));
  if (d.order !== undefined) {
    const fixed = 'cruds'.split('').filter((c) => d.order?.toLowerCase().includes(c)).join('');
    out.push(finding('SCOPE-V2-ORDER', `scope ${t} has permissions ".${d.order}" out of c-r-u-d-s order or repeated (write ".${fixed}")`));
  }
  if (d.caseFix !== undefined) out.push(finding('SCOPE-CASE', `scope ${t} has the wrong capitalisation; did you mean ${show(d.caseFix)}?`));
  if (d.unknownResource !== undefined) {
    out.push(finding('SCOPE-UNKNOWN-RESOURCE', `scope ${t} names "${d.unknownResource}", which is not a FHIR resource type in any release`));
  }
  if (d.category === 'unrecognized' && !hasGrammarProblem(d)) {
    out.push(finding('SCOPE-UNRECOGNIZED', `scope ${t} is not a SMART or OpenID scope, a full URI, or a "__" extension scope`));
  }
  const p = d.parsed;
  if (p.kind === 'resource') {
    if (p.type === '*') out.push(finding('SCOPE-WILDCARD-BROAD', `scope ${t} asks for every resource type${p.permissions.has('c') || p.permissions.has('u') || p.permissions.has('d') ? ', including write access' : ''}`));
    if (p.query.length > 0) {
      out.push(finding('SCOPE-V2-QUERY', `scope ${t} restricts access with a query; servers may ignore, drop or reject it`));
      const experimental = p.query.map(([k]) => k).filter((k) => k.includes(':') || k.includes('.') || k === '_filter');
      if (experimental.length > 0) {
        out.push(finding('SCOPE-V2-QUERY-EXPERIMENTAL', `scope ${t} uses experimental query parameter(s) ${experimental.map((k) => show(k)).join(', ')}`));
      }
    }
    if (backend && p.context === 'system' && (p.permissions.has('c') || p.permissions.has('u') || p.permissions.has('d'))) {
      out.push(finding('SCOPE-WRITE-BACKEND', `backend scope ${t} requests create/update/delete access`));
    }
  }
  if (backend) {
    const appLaunchResource = d.category === 'resource' && (d.context === 'patient' || d.context === 'user');
    if (appLaunchResource || APP_LAUNCH_CATEGORIES.has(d.category)) {
      out.push(finding('SCOPE-NOT-SYSTEM', `backend request asks for ${t}, which is not a system/ resource scope`));
    }
  }
  return out;
}

/**
 * Checks a requested scope string against rules 102-118; never throws.
 *
 * A non-string (null, a number, an array) yields no grammar findings: whether a scope is missing or
 * of the wrong type is the concern of the caller's own rule (e.g. TOKREQ-SCOPE-MISSING).
 */
export function checkScopeString(raw: string, ctx: ScopeCheckContext): Finding[] {
  if (typeof raw !== 'string') return [];
  const flow = ctx?.flow;
  const backend = flow === 'backend';
  const codeFlow = !backend;
  const { tokens, irregularWhitespace, duplicates } = tokenizeScopes(raw);
  const out: Finding[] = [];
  if (irregularWhitespace) {
    out.push(finding('SCOPE-WHITESPACE', `scope string ${show(raw)} is not single-space separated (leading/trailing whitespace, runs of spaces, tabs or newlines)`));
  }
  for (const dup of duplicates) out.push(finding('SCOPE-DUPLICATE', `scope ${show(dup)} is requested more than once`));

  const diagnoses = tokens.map(diagnoseScopeToken);
  for (const d of diagnoses) out.push(...tokenFindings(d, backend));

  const parsed = diagnoses.map((d) => d.parsed);
  const v1 = parsed.find((p) => p.kind === 'resource' && p.version === 'v1');
  const v2 = parsed.find((p) => p.kind === 'resource' && p.version === 'v2');
  if (v1 && v2) out.push(finding('SCOPE-V1-V2-MIXED', `request mixes v1 (${show(v1.raw)}) and v2 (${show(v2.raw)}) scope syntax`));

  const has = (s: string) => tokens.includes(s);
  if (has('fhirUser') && !has('openid')) out.push(finding('SCOPE-FHIRUSER-WITHOUT-OPENID', `"fhirUser" is requested without "openid" in ${show(raw)}`));

  if (codeFlow) {
    const patientScope = tokens.find((t) => t.startsWith('patient/'));
    const hasLaunch = tokens.some((t) => t === 'launch' || t === 'launch/patient' || t.startsWith('launch/patient?'));
    if (patientScope !== undefined && !hasLaunch) {
      out.push(finding('SCOPE-PATIENT-WITHOUT-LAUNCH', `patient scope ${show(patientScope)} is requested without "launch" or "launch/patient"`));
    }
    if (flow === 'app-launch-standalone' && has('online_access')) {
      out.push(finding('SCOPE-ONLINE-ACCESS-STANDALONE', '"online_access" is requested in a standalone launch; use "offline_access" for a refresh token'));
    }
  }
  return out;
}
