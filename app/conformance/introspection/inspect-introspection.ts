import { finding, nowSeconds, skewSeconds } from '../finding.ts';
import { decodeJws } from '../jws.ts';
import type { CheckOptions, Finding, Headers } from '../types.ts';
import { isObject, readBody, show } from '../values.ts';

/**
 * Token introspection response rules (185-188 of conformance.md, RFC 7662 + SMART's required
 * and conditional fields), so a developer can see whether a resource server could enforce the token.
 */

/** Input of inspectIntrospection (conformance-api.md). */
export interface IntrospectionInput {
  clientId: string;
  originalTokenResponse: object;
  status: number;
  headers: Headers;
  body?: unknown;
  rawBody?: string;
}

/** Launch-context parameters a token response may carry (SMART "launch context arrives with your access token"). */
const LAUNCH_CONTEXT = ['patient', 'encounter', 'fhirContext', 'need_patient_banner', 'intent', 'smart_style_url', 'tenant'];

function present(v: unknown): boolean {
  return v !== undefined && v !== null;
}

function smartFieldFindings(body: Record<string, unknown>, original: Record<string, unknown> | undefined, opts?: CheckOptions): Finding[] {
  const out: Finding[] = [];
  const missing = ['scope', 'client_id', 'exp'].filter((k) => !present(body[k]));
  if (missing.length > 0) out.push(finding('INTROSPECT-SMART-FIELDS', `active introspection response lacks ${missing.join(', ')}`));
  const exp = body.exp;
  const expiresIn = original?.expires_in;
  if (typeof exp === 'number' && typeof expiresIn === 'number' && Number.isFinite(expiresIn)) {
    const issuedAt = typeof body.iat === 'number' ? body.iat : nowSeconds(opts);
    const expected = issuedAt + expiresIn;
    if (Math.abs(exp - expected) > skewSeconds(opts)) {
      out.push(finding('INTROSPECT-SMART-FIELDS', `exp ${exp} is ${Math.round(exp - expected)} s away from ${typeof body.iat === 'number' ? 'iat' : 'now'} + expires_in (${expected})`));
    }
  }
  return out;
}

function contextFindings(body: Record<string, unknown>, original: Record<string, unknown>): Finding[] {
  const out: Finding[] = [];
  const missing = LAUNCH_CONTEXT.filter((k) => present(original[k]) && !present(body[k]));
  if (present(original.id_token)) {
    for (const k of ['iss', 'sub']) if (!present(body[k])) missing.push(k);
  }
  if (missing.length > 0) {
    out.push(finding('INTROSPECT-CONTEXT', `the original token response had ${missing.join(', ')} but the introspection response does not`));
  }
  if (present(original.id_token) && !present(body.fhirUser)) {
    const idt = decodeJws(original.id_token);
    const hint = idt.ok && typeof idt.jws.payload.fhirUser === 'string' ? ` (the ID token says ${show(idt.jws.payload.fhirUser)})` : '';
    out.push(finding('INTROSPECT-CONTEXT', `an id_token was issued but the introspection response has no fhirUser${hint}`, 'warning'));
  }
  return out;
}

/**
 * Inspects a token introspection response against the original token response; never throws.
 * Anything but `active: true` means inactive, so SMART field checks apply only to active tokens.
 */
export function inspectIntrospection(input: IntrospectionInput, opts?: CheckOptions): Finding[] {
  try {
    if (!isObject(input)) return [finding('INTROSPECT-ACTIVE', `no introspection response to inspect (got ${show(input)})`)];
    const read = readBody(input);
    const body = read.kind === 'json' && isObject(read.value) ? read.value : undefined;
    const status = input.status;
    if (typeof status === 'number' && (status < 200 || status >= 300)) {
      return [finding('INTROSPECT-ACTIVE', `the introspection endpoint answered HTTP ${status}${body && typeof body.error === 'string' ? ` (${show(body.error)})` : ''}; no active indicator`)];
    }
    if (!body) {
      const what = read.kind === 'invalid' ? `is not JSON: ${show(read.raw, 60)}` : read.kind === 'absent' ? 'is empty' : `is ${show(read.value)}, not a JSON object`;
      return [finding('INTROSPECT-ACTIVE', `the introspection response ${what}; no active indicator`)];
    }
    const active = body.active;
    if (typeof active !== 'boolean') {
      return [finding('INTROSPECT-ACTIVE', `active is ${active === undefined ? 'missing' : show(active)}, not a JSON boolean`)];
    }
    if (!active) {
      const extra = Object.keys(body).filter((k) => k !== 'active');
      return extra.length > 0 ? [finding('INTROSPECT-INACTIVE-EXTRA', `inactive token response also contains ${extra.join(', ')}`)] : [];
    }
    const original = isObject(input.originalTokenResponse) ? input.originalTokenResponse : undefined;
    return [...smartFieldFindings(body, original, opts), ...(original ? contextFindings(body, original) : [])];
  } catch (e) {
    return [finding('INTROSPECT-ACTIVE', `the introspection response could not be inspected: ${e instanceof Error ? e.message : String(e)}`)];
  }
}
