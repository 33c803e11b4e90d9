import { describe, expect, it } from 'vitest';
import { bundleLinks, detectReference } from './references.ts';

describe('detectReference', () => {
  it('accepts relative, versioned and absolute resource references', () => {
    expect(detectReference('reference', 'Patient/123')).toEqual({ path: 'Patient/123', absolute: false });
    expect(detectReference('reference', 'Observation/a.b-c/_history/2')).toEqual({ path: 'Observation/a.b-c/_history/2', absolute: false });
    expect(detectReference('reference', 'https://fhir.example.com/r4/Patient/9')).toEqual({ path: 'https://fhir.example.com/r4/Patient/9', absolute: true });
    expect(detectReference('fullUrl', 'http://127.0.0.1:1/fhir/Encounter/e1')).toEqual({ path: 'http://127.0.0.1:1/fhir/Encounter/e1', absolute: true });
  });

  it('refuses contained, urn, searches, other keys and odd values', () => {
    for (const v of ['#contained-1', 'urn:uuid:0b2c4f1e-1111-4444-8888-000000000000', 'Patient?name=x', 'patient/1', 'Patient/', 'Patient/a b', 'javascript:alert(1)']) {
      expect(detectReference('reference', v), v).toBeUndefined();
    }
    expect(detectReference('display', 'Patient/1')).toBeUndefined();
    expect(detectReference('reference', 42)).toBeUndefined();
    expect(detectReference('fullUrl', 'urn:uuid:1')).toBeUndefined();
    expect(detectReference('url', 'http://x/fhir/Patient?page=2')).toBeUndefined();
    expect(detectReference('url', 'http://x/fhir/Patient?page=2', true)).toEqual({ path: 'http://x/fhir/Patient?page=2', absolute: true });
    expect(detectReference('url', 'ftp://x', true)).toBeUndefined();
  });
});

describe('bundleLinks', () => {
  it('lists a Bundle\'s http links, naming prev as previous', () => {
    const b = { resourceType: 'Bundle', link: [{ relation: 'self', url: 'http://x/a' }, { relation: 'prev', url: 'http://x/b' }, { relation: 'next' }, { relation: 'last', url: 'javascript:x' }] };
    expect(bundleLinks(b)).toEqual([{ relation: 'self', url: 'http://x/a' }, { relation: 'previous', url: 'http://x/b' }]);
    expect(bundleLinks({ resourceType: 'Patient', link: [] })).toEqual([]);
    expect(bundleLinks(null)).toEqual([]);
  });
});
