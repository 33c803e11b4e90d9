/**
 * SMART scope parsing for the sandbox's authorization server and resource server.
 *
 * Why: the sandbox must accept SMART v1 (`patient/*.read`) and v2
 * (`patient/Observation.rs?category=...`) resource scopes, the launch and identity scopes, and
 * reject anything else with `invalid_scope`; the FHIR server then enforces what was granted.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html
 */

/** A FHIR interaction class as SMART v2 names them: create, read, update, delete, search. */
export type ScopeInteraction = 'c' | 'r' | 'u' | 'd' | 's';

/** Whose data a resource scope covers. */
export type ScopeContext = 'patient' | 'user' | 'system';

/** One parsed resource scope. */
export interface ResourceScope {
  raw: string;
  context: ScopeContext;
  /** A resource type, or `*` for every type. */
  resourceType: string;
  interactions: ReadonlySet<ScopeInteraction>;
  /** v2 granular constraint (`?category=...`), as search parameters; empty when none. */
  query: ReadonlyArray<[string, string]>;
  version: 1 | 2;
}

/** Scopes that are not about FHIR resources but that the sandbox understands. */
export const NON_RESOURCE_SCOPES: ReadonlySet<string> = new Set([
  'openid',
  'fhirUser',
  'profile',
  'launch',
  'launch/patient',
  'launch/encounter',
  'offline_access',
  'online_access',
]);

const V1_PERMISSIONS: Record<string, ScopeInteraction[]> = {
  read: ['r', 's'],
  write: ['c', 'u', 'd'],
  '*': ['c', 'r', 'u', 'd', 's'],
};
const SCOPE_RE = /^(patient|user|system)\/(\*|[A-Z][A-Za-z]+)\.([a-z*]+)(\?.*)?$/;
const V2_RE = /^c?r?u?d?s?$/;

/**
 * Parse one resource scope, or return undefined when it is not a well-formed SMART resource
 * scope. `isResourceType` decides which type names exist (the FHIR definitions).
 */
export function parseResourceScope(raw: string, isResourceType: (t: string) => boolean): ResourceScope | undefined {
  const m = SCOPE_RE.exec(raw);
  if (!m) return undefined;
  const [, context, resourceType = '', permission = '', queryPart] = m;
  if (resourceType !== '*' && !isResourceType(resourceType)) return undefined;
  const v1 = V1_PERMISSIONS[permission];
  if (v1) {
    if (queryPart) return undefined; // v1 has no granular form
    return { raw, context: context as ScopeContext, resourceType, interactions: new Set(v1), query: [], version: 1 };
  }
  if (!permission || !V2_RE.test(permission)) return undefined;
  const query: Array<[string, string]> = [];
  if (queryPart) {
    const params = new URLSearchParams(queryPart.slice(1));
    for (const [k, v] of params) {
      if (!k || !v) return undefined;
      query.push([k, v]);
    }
    if (query.length === 0) return undefined;
  }
  return {
    raw,
    context: context as ScopeContext,
    resourceType,
    interactions: new Set(permission.split('') as ScopeInteraction[]),
    query,
    version: 2,
  };
}

/** Result of checking a requested scope string. */
export interface ScopeCheck {
  valid: string[];
  invalid: string[];
  resource: ResourceScope[];
}

/** Split a space-separated scope string into valid (known) and invalid scopes. */
export function checkScopeString(scope: string | undefined, isResourceType: (t: string) => boolean): ScopeCheck {
  const out: ScopeCheck = { valid: [], invalid: [], resource: [] };
  for (const token of (scope ?? '').split(' ').filter(Boolean)) {
    if (NON_RESOURCE_SCOPES.has(token)) {
      out.valid.push(token);
      continue;
    }
    const parsed = parseResourceScope(token, isResourceType);
    if (parsed) {
      out.valid.push(token);
      out.resource.push(parsed);
    } else {
      out.invalid.push(token);
    }
  }
  return out;
}

/** Parse the resource scopes of a granted scope string (unknown tokens are ignored). */
export function grantedResourceScopes(scope: string | undefined, isResourceType: (t: string) => boolean): ResourceScope[] {
  return checkScopeString(scope, isResourceType).resource;
}

/**
 * True when `wanted` is fully covered by one of `allowed` (same or wider context type and
 * interactions, and no constraint the allowed scope does not also have).
 */
export function scopeCoveredBy(wanted: ResourceScope, allowed: readonly ResourceScope[]): boolean {
  return allowed.some((a) =>
    a.context === wanted.context
    && (a.resourceType === '*' || a.resourceType === wanted.resourceType)
    && [...wanted.interactions].every((i) => a.interactions.has(i))
    && a.query.every(([k, v]) => wanted.query.some(([wk, wv]) => wk === k && wv === v)),
  );
}

/** True when any scope token needs a patient in context (patient/ scopes or launch/patient). */
export function needsPatientContext(scope: string | undefined): boolean {
  return (scope ?? '').split(' ').some((s) => s === 'launch/patient' || s.startsWith('patient/'));
}
