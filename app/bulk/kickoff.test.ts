import { describe, expect, it } from 'vitest';
import { kickoffUrl } from './bulk-protocol.ts';
import { kickoffParameters, kickoffProblem, kickoffRequest, patientReference } from './kickoff.ts';

describe('the kick-off request', () => {
  it('GET with every parameter in the query when no patient is named', () => {
    const r = kickoffRequest('https://x/fhir', {
      level: 'group', groupId: 'cohort', types: ['Observation'], typeFilters: ['Observation?category=laboratory', 'Observation?code=4548-4'],
      elements: ['code', 'Observation.value'], includeAssociatedData: ['LatestProvenanceResources'], since: '2024-01-01T00:00:00Z',
    });
    expect(r.method).toBe('GET');
    const q = new URL(r.url).searchParams;
    expect(r.url.startsWith('https://x/fhir/Group/cohort/$export?')).toBe(true);
    expect(q.getAll('_typeFilter')).toEqual(['Observation?category=laboratory', 'Observation?code=4548-4']);
    expect(q.get('_elements')).toBe('code,Observation.value');
    expect(q.get('includeAssociatedData')).toBe('LatestProvenanceResources');
    expect(r.body).toBeUndefined();
  });

  it('POST with a Parameters body when patients are named (the IG allows patient only with POST)', () => {
    const r = kickoffRequest('https://x/fhir/', { level: 'patient', patients: ['ana-alvarez', 'Patient/ben-baker'], types: ['Patient', 'Condition'], typeFilters: ['Condition?clinical-status=active'] });
    expect(r).toMatchObject({ method: 'POST', url: 'https://x/fhir/Patient/$export' });
    expect(JSON.parse(r.body ?? '')).toEqual({ resourceType: 'Parameters', parameter: [
      { name: '_type', valueString: 'Patient,Condition' },
      { name: 'patient', valueReference: { reference: 'Patient/ana-alvarez' } },
      { name: 'patient', valueReference: { reference: 'Patient/ben-baker' } },
      { name: '_typeFilter', valueString: 'Condition?clinical-status=active' },
    ] });
    expect(kickoffParameters({ level: 'system', since: '2024-01-01T00:00:00Z', outputFormat: 'application/fhir+ndjson' }).parameter).toEqual([
      { name: '_outputFormat', valueString: 'application/fhir+ndjson' }, { name: '_since', valueInstant: '2024-01-01T00:00:00Z' },
    ]);
  });

  it('explains parameters it cannot send', () => {
    expect(kickoffProblem({ level: 'system', patients: ['x'] })).toMatch(/not to a system-level export/);
    expect(kickoffProblem({ level: 'patient', patients: ['Observation/1'] })).toMatch(/not a patient id/);
    expect(kickoffProblem({ level: 'patient', typeFilters: ['category=laboratory'] })).toMatch(/_typeFilter "category=laboratory" is not a search/);
    expect(kickoffProblem({ level: 'patient', elements: ['Observation.'] })).toMatch(/_elements/);
    expect(kickoffProblem({ level: 'patient', includeAssociatedData: ['Everything'] })).toMatch(/includeAssociatedData/);
    expect(kickoffProblem({ level: 'patient', includeAssociatedData: ['_custom'] })).toBeUndefined();
    expect(() => kickoffRequest('https://x/fhir', { level: 'group' })).toThrow(/Group id/);
    expect(patientReference(' 123 ')).toBe('Patient/123');
  });

  it('the URL keeps its earlier form for the earlier parameters', () => {
    expect(kickoffUrl('https://x/fhir', { level: 'system', elements: [' ', ''] })).toBe('https://x/fhir/$export');
  });
});
