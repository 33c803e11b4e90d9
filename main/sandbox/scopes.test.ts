import type { Observation } from '@medplum/fhirtypes';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureFhirDefinitions, isResourceType } from './fhir-server/medplum.ts';
import { decideAccess, filterSearchParams, resourceMatchesAny } from './fhir-server/scopes-enforcement.ts';
import { checkScopeString, grantedResourceScopes, parseResourceScope, scopeCoveredBy } from './scopes.ts';

beforeAll(() => {
  ensureFhirDefinitions();
});

const LAB = 'category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory';

describe('SMART scope parsing', () => {
  it('reads v1 and v2 scopes into interactions and constraints', () => {
    expect(parseResourceScope('patient/*.read', isResourceType)).toMatchObject({ context: 'patient', resourceType: '*', version: 1, query: [] });
    expect([...(parseResourceScope('user/Observation.write', isResourceType)?.interactions ?? [])]).toEqual(['c', 'u', 'd']);
    const v2 = parseResourceScope(`patient/Observation.rs?${LAB}`, isResourceType);
    expect(v2).toMatchObject({ version: 2, resourceType: 'Observation', query: [['category', 'http://terminology.hl7.org/CodeSystem/observation-category|laboratory']] });
    expect([...(v2?.interactions ?? [])]).toEqual(['r', 's']);
  });

  it('rejects misordered permissions, unknown types and v1 with a query', () => {
    for (const bad of ['patient/Observation.sr', 'patient/Observation.rsx', 'patient/Unicorn.rs', 'patient/*.read?category=x', 'group/Patient.rs', 'patient/Observation.rs?']) {
      expect(parseResourceScope(bad, isResourceType), bad).toBeUndefined();
    }
    expect(checkScopeString('openid fhirUser launch/patient offline_access patient/*.rs bogus', isResourceType).invalid).toEqual(['bogus']);
  });

  it('decides coverage against a registration', () => {
    const allowed = grantedResourceScopes('system/*.rs', isResourceType);
    const want = (s: string) => parseResourceScope(s, isResourceType)!;
    expect(scopeCoveredBy(want('system/Observation.rs'), allowed)).toBe(true);
    expect(scopeCoveredBy(want('system/Observation.cruds'), allowed)).toBe(false);
    expect(scopeCoveredBy(want('patient/Observation.rs'), allowed)).toBe(false);
  });
});

describe('scope enforcement', () => {
  const grant = (scope: string, patient?: string) => ({ scopes: grantedResourceScopes(scope, isResourceType), patient });

  it('allows system scopes without restriction and refuses uncovered interactions', () => {
    expect(decideAccess(grant('system/*.rs'), 'Observation', 's')).toEqual({ allowed: true, unrestricted: true });
    const denied = decideAccess(grant('system/Patient.rs'), 'Observation', 'r');
    expect(denied.allowed).toBe(false);
    expect(decideAccess(grant('patient/*.read', 'p1'), 'Observation', 'c').allowed).toBe(false);
  });

  it('confines patient scopes to the compartment and adds v2 constraints', () => {
    const decision = decideAccess(grant(`patient/*.rs patient/Observation.rs?${LAB}`, 'p1'), 'Observation', 's');
    expect(decision).toEqual({ allowed: true, unrestricted: false, filters: [{ patient: 'p1', query: [] }] });
    const labOnly = decideAccess(grant(`patient/Observation.rs?${LAB}`, 'p1'), 'Observation', 'r');
    if (!labOnly.allowed || labOnly.unrestricted) throw new Error('expected a filtered decision');
    expect(filterSearchParams('Observation', labOnly.filters[0]!)).toEqual([
      ['patient', 'Patient/p1'], ['category', 'http://terminology.hl7.org/CodeSystem/observation-category|laboratory'],
    ]);
    const lab: Observation = { resourceType: 'Observation', status: 'final', code: {}, subject: { reference: 'Patient/p1' },
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }] };
    expect(resourceMatchesAny(lab, labOnly.filters)).toBe(true);
    expect(resourceMatchesAny({ ...lab, subject: { reference: 'Patient/p2' } }, labOnly.filters)).toBe(false);
    expect(resourceMatchesAny({ ...lab, category: [] }, labOnly.filters)).toBe(false);
  });

  it('refuses patient scopes without a patient, and types outside the compartment', () => {
    expect(decideAccess(grant('patient/*.read'), 'Observation', 'r').allowed).toBe(false);
    expect(decideAccess(grant('patient/*.read', 'p1'), 'Practitioner', 'r').allowed).toBe(false);
    expect(filterSearchParams('Patient', { patient: 'p1', query: [] })).toEqual([['_id', 'p1']]);
  });
});
