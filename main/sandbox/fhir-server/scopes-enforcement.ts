/**
 * Scope enforcement for the sandbox's FHIR API: which granted scopes allow an interaction, and
 * the filters (patient compartment, v2 query constraints) that then confine it.
 *
 * Why: a SMART resource server must answer 403 `insufficient_scope` when no granted scope
 * covers a request, and must confine `patient/` scopes to the patient in context. Keeping the
 * decision pure (no I/O) makes it testable on its own; `fhir-server.ts` applies the filters.
 */
import type { Resource } from '@medplum/fhirtypes';
import { getSearchParameter, matchesSearchRequest, parseSearchRequest } from './medplum.ts';
import type { ResourceScope, ScopeInteraction } from '../scopes.ts';

/** One way a request is allowed: inside a patient's compartment and/or matching a query. */
export interface AccessFilter {
  patient?: string;
  query: ReadonlyArray<[string, string]>;
}

/** The outcome of checking granted scopes against one interaction on one resource type. */
export type AccessDecision =
  | { allowed: false; reason: string; neededScope: string }
  | { allowed: true; unrestricted: true }
  | { allowed: true; unrestricted: false; filters: AccessFilter[] };

/** What the bearer token grants. */
export interface AccessGrant {
  scopes: readonly ResourceScope[];
  patient?: string;
}

const INTERACTION_NAMES: Record<ScopeInteraction, string> = { c: 'create', r: 'read', u: 'update', d: 'delete', s: 'search' };

/** The search parameter that ties a resource type to the patient compartment, if any. */
export function compartmentParam(resourceType: string): string | undefined {
  if (resourceType === 'Patient') return '_id';
  for (const code of ['patient', 'subject']) {
    const param = getSearchParameter(resourceType, code);
    if (param && (param.target ?? []).includes('Patient')) return code;
  }
  return undefined;
}

function sameFilter(a: AccessFilter, b: AccessFilter): boolean {
  return a.patient === b.patient && a.query.length === b.query.length
    && a.query.every(([k, v], i) => b.query[i]?.[0] === k && b.query[i]?.[1] === v);
}

/** Decide whether `grant` allows `interaction` on `resourceType`, and under which filters. */
export function decideAccess(grant: AccessGrant, resourceType: string, interaction: ScopeInteraction): AccessDecision {
  const matching = grant.scopes.filter((s) =>
    (s.resourceType === '*' || s.resourceType === resourceType) && s.interactions.has(interaction));
  const neededScope = `patient/${resourceType}.${interaction}`;
  if (matching.length === 0) {
    return { allowed: false, reason: `no granted scope allows ${INTERACTION_NAMES[interaction]} on ${resourceType}`, neededScope };
  }
  const filters: AccessFilter[] = [];
  for (const scope of matching) {
    if (scope.context === 'patient') {
      if (!grant.patient || !compartmentParam(resourceType)) continue;
      filters.push({ patient: grant.patient, query: scope.query });
    } else {
      if (scope.query.length === 0) return { allowed: true, unrestricted: true };
      filters.push({ query: scope.query });
    }
  }
  if (filters.length === 0) {
    const why = grant.patient
      ? `${resourceType} is outside the patient compartment that patient/ scopes are confined to`
      : 'patient/ scopes need a patient in context, and this token has none';
    return { allowed: false, reason: why, neededScope: `user/${resourceType}.${interaction}` };
  }
  // A filter without a query dominates the query-constrained ones for the same patient.
  const reduced = filters.filter((f, i) =>
    !filters.some((g, j) => j !== i && g.patient === f.patient && g.query.length === 0 && f.query.length > 0)
    && filters.findIndex((g) => sameFilter(g, f)) === i);
  return { allowed: true, unrestricted: false, filters: reduced };
}

/** The search parameters that express one filter for a search on `resourceType`. */
export function filterSearchParams(resourceType: string, filter: AccessFilter): Array<[string, string]> {
  const params: Array<[string, string]> = [];
  if (filter.patient) {
    const param = compartmentParam(resourceType);
    if (param === '_id') params.push(['_id', filter.patient]);
    else if (param) params.push([param, `Patient/${filter.patient}`]);
  }
  return [...params, ...filter.query];
}

/** True when `resource` satisfies at least one filter (compartment and query constraints). */
export function resourceMatchesAny(resource: Resource, filters: readonly AccessFilter[]): boolean {
  return filters.some((filter) => {
    const params = filterSearchParams(resource.resourceType, filter);
    if (filter.patient && params.length === filter.query.length) return false; // type outside the compartment
    if (params.length === 0) return true;
    try {
      const request = parseSearchRequest(`${resource.resourceType}?${new URLSearchParams(params)}`);
      return matchesSearchRequest(resource, request);
    } catch {
      return false;
    }
  });
}
