import { describe, expect, it } from 'vitest';
import { COMMON_SEARCH_PARAMS, summarizeCapabilityStatement } from './capabilities.ts';

const meta = { url: 'https://x/metadata', fetchedAt: '2026-01-01T00:00:00.000Z' };

describe('summarizeCapabilityStatement', () => {
  it('keeps types, their own search parameters and operations, sorted, with system operations', () => {
    const cs = {
      resourceType: 'CapabilityStatement', fhirVersion: '4.0.1', software: { name: 'HAPI', version: '7.0' },
      rest: [{ mode: 'client' }, {
        mode: 'server',
        resource: [
          { type: 'Patient', interaction: [{ code: 'read' }, { code: 'search-type' }], searchParam: [{ name: 'family', type: 'string', documentation: 'Family name' }], operation: [{ name: '$everything' }] },
          { type: 'Group', operation: [{ name: 'export' }] },
          { noType: true },
        ],
        searchParam: [{ name: '_id', type: 'token', documentation: 'server words' }],
        operation: [{ name: 'export' }, { name: '$reindex' }],
      }],
    };
    const s = summarizeCapabilityStatement(cs, meta, (t) => (t === 'Group' ? [{ name: 'member', type: 'reference' }] : []));
    expect(s).toMatchObject({ fhirVersion: '4.0.1', software: 'HAPI 7.0', systemOperations: ['export', 'reindex'] });
    expect(s.resources.map((r) => r.type)).toEqual(['Group', 'Patient']);
    expect(s.resources[1]).toEqual({ type: 'Patient', interactions: ['read', 'search-type'], searchParams: [{ name: 'family', type: 'string', documentation: 'Family name' }], operations: ['everything'], searchParamSource: 'server' });
    expect(s.resources[0]).toMatchObject({ searchParams: [{ name: 'member' }], searchParamSource: 'fhir-spec', operations: ['export'] });
    expect(s.commonSearchParams[0]).toEqual({ name: '_id', type: 'token', documentation: 'server words' });
    expect(s.commonSearchParams).toHaveLength(COMMON_SEARCH_PARAMS.length);
  });

  it('marks types with no parameters anywhere, and refuses what is not a CapabilityStatement', () => {
    const s = summarizeCapabilityStatement({ resourceType: 'CapabilityStatement', rest: [{ resource: [{ type: 'Basic' }] }] }, meta);
    expect(s.resources[0]?.searchParamSource).toBe('none');
    expect(() => summarizeCapabilityStatement({ resourceType: 'OperationOutcome' }, meta)).toThrow(/is a OperationOutcome, not a CapabilityStatement/);
    expect(() => summarizeCapabilityStatement('<html>', meta)).toThrow(/not a FHIR resource/);
  });
});
