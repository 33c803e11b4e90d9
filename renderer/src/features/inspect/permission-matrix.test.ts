import { describe, expect, it } from 'vitest';
import { buildPermissionMatrix } from './permission-matrix.ts';

const row = (m: ReturnType<typeof buildPermissionMatrix>, context: string, resource: string) => {
  const r = m.contexts.find((c) => c.context === context)?.rows.find((x) => x.resource === resource);
  if (!r) throw new Error(`no row ${context}/${resource}`);
  return r;
};

describe('buildPermissionMatrix', () => {
  it('lines up a v1 request with a v2 grant and marks what was not granted', () => {
    const m = buildPermissionMatrix('patient/Observation.read patient/Patient.write launch/patient openid', 'patient/Observation.rs launch/patient');
    const obs = row(m, 'patient', 'Observation');
    expect(obs.cells.r).toMatchObject({ requested: 'explicit', granted: 'explicit', status: 'both' });
    expect(obs.cells.s.status).toBe('both');
    expect(obs.cells.c.status).toBe('none');
    const pat = row(m, 'patient', 'Patient');
    expect(pat.cells.c).toMatchObject({ requested: 'explicit', granted: 'none', status: 'missing' });
    expect(pat.cells.r.status).toBe('none');
    expect(m.otherRequested).toEqual(['launch/patient', 'openid']);
    expect(m.otherGranted).toEqual(['launch/patient']);
  });

  it('credits a wildcard grant to specific resources and shows extra grants', () => {
    const m = buildPermissionMatrix('system/Patient.rs', 'system/*.rs system/Group.c');
    expect(row(m, 'system', 'Patient').cells.r).toMatchObject({ requested: 'explicit', granted: 'wildcard', status: 'both' });
    expect(row(m, 'system', '*').cells.r).toMatchObject({ requested: 'none', status: 'extra' });
    expect(row(m, 'system', 'Group').cells.c.status).toBe('extra');
    expect(m.contexts.map((c) => c.context)).toEqual(['system']);
    expect(m.contexts[0]?.rows.map((r) => r.resource)).toEqual(['*', 'Group', 'Patient']);
  });

  it('marks query-limited v2 scopes as partial coverage, per context', () => {
    const m = buildPermissionMatrix('user/Observation.rs', 'user/Observation.rs?category=laboratory patient/Observation.r');
    expect(row(m, 'user', 'Observation').cells.r).toMatchObject({ requested: 'explicit', granted: 'query', status: 'both' });
    expect(row(m, 'patient', 'Observation').cells.r.status).toBe('extra');
    expect(m.contexts.map((c) => c.context)).toEqual(['patient', 'user']);
  });

  it('treats misspelt scopes as other scopes and copes with empty strings', () => {
    const m = buildPermissionMatrix('patient/observation.read  Patient/*.rs', '');
    expect(m.contexts).toEqual([]);
    expect(m.otherRequested).toEqual(['patient/observation.read', 'Patient/*.rs']);
    expect(buildPermissionMatrix('', '')).toEqual({ contexts: [], otherRequested: [], otherGranted: [] });
  });
});
