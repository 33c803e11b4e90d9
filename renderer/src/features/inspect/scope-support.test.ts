import { describe, expect, it } from 'vitest';
import { normaliseSupported, unlistedScopes } from './scope-support.ts';

describe('unlistedScopes', () => {
  it('accepts exact matches and resource scopes covered by a listed wildcard (v1 or v2)', () => {
    expect(unlistedScopes('patient/Observation.rs openid fhirUser', 'patient/*.read openid fhirUser')).toEqual([]);
    expect(unlistedScopes('patient/Observation.cruds', 'patient/*.rs')).toEqual(['patient/Observation.cruds']);
    expect(unlistedScopes('user/Patient.rs launch offline_access', 'patient/*.rs launch')).toEqual(['user/Patient.rs', 'offline_access']);
  });
});

describe('normaliseSupported', () => {
  it('reads a JSON array or a loose list', () => {
    expect(normaliseSupported('["openid", "patient/*.rs"]')).toBe('openid patient/*.rs');
    expect(normaliseSupported('"openid", "launch"')).toMatch(/^\s*openid\s+launch\s*$/);
  });
});
