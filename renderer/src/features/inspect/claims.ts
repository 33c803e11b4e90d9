import { CLAIMS, EXPECTED, HEADER_FIELDS, type JwtKind } from './claim-dictionary.ts';
import { isTimeClaim } from './time-format.ts';

/**
 * Turns a decoded JWT into rows the inspector shows: each header field and claim with its value,
 * what it means for this kind of JWT, the spec that defines it, and a quick check against what
 * the chosen profile expects (client id, token endpoint, FHIR base).
 */

/** What the chosen profile says a claim should hold. */
export interface ExpectedValues {
  clientId?: string;
  tokenEndpoint?: string;
  fhirBaseUrl?: string;
}

/** One explained header field or claim. */
export interface ClaimRow {
  name: string;
  value: unknown;
  /** The value as text: strings unquoted, everything else as JSON. */
  display: string;
  meaning: string;
  ref?: string;
  /** Not a claim this kind of JWT is expected to carry. */
  custom: boolean;
  /** Epoch seconds, for time claims holding a number. */
  epoch?: number;
  /** Quick checks: ok (matches the profile) or problem (does not). */
  checks: { tone: 'ok' | 'problem'; text: string }[];
}

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v, null, 1)?.replace(/\n\s*/g, ' ') ?? String(v));
const trimSlash = (s: string) => s.replace(/\/+$/, '');
const asList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

function customMeaning(kind: JwtKind): string {
  switch (kind) {
    case 'assertion': return 'Not a claim SMART defines for client assertions. Most servers ignore extra claims; a few vendors require one of their own.';
    case 'access': return 'A claim this server added (RFC 9068 allows private claims). Clients should not rely on it.';
    case 'id': return 'A claim the OpenID provider added; it may come from a scope your app requested.';
    default: return 'Not a registered claim: the issuer added it.';
  }
}

function checksFor(name: string, value: unknown, payload: Record<string, unknown>, kind: JwtKind, e: ExpectedValues): ClaimRow['checks'] {
  const out: ClaimRow['checks'] = [];
  const isNumber = typeof value === 'number' && Number.isFinite(value);
  if (isTimeClaim(name) && !isNumber) out.push({ tone: 'problem', text: 'Not a number: JWT times are seconds since 1970 (NumericDate).' });
  if (isTimeClaim(name) && isNumber && (value as number) > 1e11) out.push({ tone: 'problem', text: 'This looks like milliseconds; JWT times are in seconds.' });
  if (kind === 'assertion') {
    if ((name === 'iss' || name === 'sub') && e.clientId) {
      out.push(value === e.clientId ? { tone: 'ok', text: 'equals the client id' } : { tone: 'problem', text: `should be the client id "${e.clientId}"` });
    }
    if (name === 'sub' && !e.clientId && value !== payload['iss']) out.push({ tone: 'problem', text: 'differs from iss; both must be the client id' });
    if (name === 'aud' && e.tokenEndpoint) {
      const auds = asList(value);
      out.push(auds.length === 1 && auds[0] === e.tokenEndpoint ? { tone: 'ok', text: 'equals the token endpoint' } : { tone: 'problem', text: `should be the token endpoint "${e.tokenEndpoint}"` });
    }
  }
  if (kind === 'access' && name === 'aud' && e.fhirBaseUrl) {
    const base = trimSlash(e.fhirBaseUrl);
    out.push(asList(value).some((a) => trimSlash(a) === base) ? { tone: 'ok', text: 'names the FHIR base URL' } : { tone: 'problem', text: `does not name the FHIR base "${e.fhirBaseUrl}"` });
  }
  if ((kind === 'id' || kind === 'access') && name === 'client_id' && e.clientId) {
    out.push(value === e.clientId ? { tone: 'ok', text: 'equals the client id' } : { tone: 'problem', text: `differs from the client id "${e.clientId}"` });
  }
  if (kind === 'id' && name === 'aud' && e.clientId) {
    out.push(asList(value).includes(e.clientId) ? { tone: 'ok', text: 'contains the client id' } : { tone: 'problem', text: `should contain the client id "${e.clientId}"` });
  }
  return out;
}

/** Explains every claim of a payload, in payload order. */
export function explainClaims(payload: Record<string, unknown>, kind: JwtKind, expected: ExpectedValues = {}): ClaimRow[] {
  return Object.entries(payload).map(([name, value]) => {
    const entry = Object.prototype.hasOwnProperty.call(CLAIMS, name) ? CLAIMS[name] : undefined;
    const custom = !EXPECTED[kind].includes(name);
    const row: ClaimRow = {
      name, value, display: show(value),
      meaning: entry ? entry.kinds?.[kind] ?? entry.meaning : customMeaning(kind),
      custom, checks: checksFor(name, value, payload, kind, expected),
    };
    if (entry) row.ref = entry.ref;
    if (entry && custom && kind !== 'unknown') row.meaning = `${row.meaning} Unusual in this kind of JWT.`;
    if (isTimeClaim(name) && typeof value === 'number' && Number.isFinite(value)) row.epoch = value;
    return row;
  });
}

/** Explains the JOSE header fields. */
export function explainHeader(header: Record<string, unknown>, kind: JwtKind): ClaimRow[] {
  return Object.entries(header).map(([name, value]) => {
    const entry = Object.prototype.hasOwnProperty.call(HEADER_FIELDS, name) ? HEADER_FIELDS[name] : undefined;
    const row: ClaimRow = {
      name, value, display: show(value), custom: !entry,
      meaning: entry ? entry.kinds?.[kind] ?? entry.meaning : 'A header field no JOSE specification defines; verifiers ignore it unless it is listed in crit.',
      checks: [],
    };
    if (entry) row.ref = entry.ref;
    if (name === 'alg' && typeof value === 'string' && value.toLowerCase() === 'none') row.checks.push({ tone: 'problem', text: 'unsigned: must be rejected' });
    if (name === 'alg' && kind === 'assertion' && typeof value === 'string' && value !== 'RS384' && value !== 'ES384') {
      row.checks.push({ tone: 'problem', text: 'SMART servers must accept only RS384 and ES384' });
    }
    return row;
  });
}
