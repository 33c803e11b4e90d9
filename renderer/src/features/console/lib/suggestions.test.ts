import { describe, expect, it } from 'vitest';
import type { CapabilitySummary } from '../../../../../app/console/capabilities.ts';
import { pathSuggestions, resourceTypeOf, searchParamsFor } from './suggestions.ts';

const caps: CapabilitySummary = {
  url: 'http://x/fhir/metadata', fetchedAt: '2026-01-01T00:00:00Z', systemOperations: ['export'],
  commonSearchParams: [{ name: '_id' }, { name: '_count' }],
  resources: [
    { type: 'Observation', interactions: ['read', 'search-type'], searchParams: [{ name: 'code' }, { name: '_id', documentation: 'own' }], operations: [], searchParamSource: 'fhir-spec' },
    { type: 'Patient', interactions: ['read'], searchParams: [{ name: 'name' }], operations: ['export', 'everything'], searchParamSource: 'server' },
  ],
};

describe('suggestions', () => {
  it('finds the targeted type in relative, compartment and absolute paths', () => {
    expect(resourceTypeOf('Observation?code=1')).toBe('Observation');
    expect(resourceTypeOf('/Patient/123/Observation')).toBe('Observation');
    expect(resourceTypeOf('Patient/123')).toBe('Patient');
    expect(resourceTypeOf('http://x/fhir/Condition?x=1', 'http://x/fhir/')).toBe('Condition');
    expect(resourceTypeOf('http://elsewhere/Condition', 'http://x/fhir')).toBeUndefined();
    expect(resourceTypeOf('$export')).toBeUndefined();
  });

  it('offers types, type operations, _search, system operations and fixed paths', () => {
    expect(pathSuggestions('', caps)).toEqual([
      'Observation', 'Observation/_search', 'Patient', 'Patient/$export', 'Patient/$everything', '$export', 'metadata', '.well-known/smart-configuration', '_history',
    ]);
    expect(pathSuggestions('Pat', undefined)).toEqual(['metadata', '.well-known/smart-configuration', '_history']);
  });

  it('after ? offers the type\'s parameters (own first, common ones not repeated) appended to what is typed', () => {
    expect(pathSuggestions('Observation?code=1&_c', caps)).toEqual(['Observation?code=1&code=', 'Observation?code=1&_id=', 'Observation?code=1&_count=']);
    expect(searchParamsFor('Observation', caps).map((p) => p.documentation ?? p.name)).toEqual(['code', 'own', '_count']);
    expect(searchParamsFor('Unknown', caps).map((p) => p.name)).toEqual(['_id', '_count']);
    expect(searchParamsFor('Patient', undefined)).toEqual([]);
  });
});
