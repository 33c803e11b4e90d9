import { describe, expect, it } from 'vitest';
import { compareScopes } from './compare.ts';

const cmp = (requested: string, granted: string, flow: 'backend' | 'app-launch-standalone' | 'app-launch-ehr' = 'backend') =>
  compareScopes({ flow, requested, granted }, { now: 1_700_000_000 });
const rules = (r: ReturnType<typeof cmp>) => r.findings.map((f) => f.rule);
const lists = (r: ReturnType<typeof cmp>) => ({
  missing: r.missing, partial: r.partial, narrowed: r.narrowed, extra: r.extra, equivalent: r.equivalent,
});
const EMPTY = { missing: [], partial: [], narrowed: [], extra: [], equivalent: [] };

describe('compareScopes: worked examples of Appendix A', () => {
  it('patient/*.* requested, patient/*.cruds granted → equivalent', () => {
    const r = cmp('launch/patient patient/*.*', 'launch/patient patient/*.cruds', 'app-launch-standalone');
    expect(lists(r)).toEqual({ ...EMPTY, equivalent: [{ requested: 'patient/*.*', granted: ['patient/*.cruds'] }] });
    expect(rules(r)).toContain('SCOPE-GRANTED-EQUIVALENT');
  });
  it('system/*.read requested, explicit types granted → narrowed', () => {
    const r = cmp('system/*.read', 'system/Patient.read system/Observation.read system/Encounter.read');
    expect(lists(r)).toEqual({ ...EMPTY, narrowed: ['system/*.read'] });
    expect(rules(r)).toEqual(['SCOPE-WILDCARD-BROAD', 'SCOPE-GRANTED-EXPANDED']);
  });
  it('query-restricted request answered unrestricted → extra', () => {
    const r = cmp('patient/Observation.rs?category=laboratory', 'patient/Observation.rs', 'app-launch-ehr');
    expect(lists(r)).toEqual({ ...EMPTY, extra: ['patient/Observation.rs'] });
    expect(rules(r)).toContain('SCOPE-GRANTED-EXTRA');
    expect(rules(r)).not.toContain('SCOPE-GRANTED-MISSING');
  });
  it('unrestricted request answered with a query restriction → partial', () => {
    const r = cmp('launch patient/Observation.rs', 'launch patient/Observation.rs?category=vital-signs', 'app-launch-ehr');
    expect(lists(r)).toEqual({ ...EMPTY, partial: ['patient/Observation.rs'] });
    expect(rules(r)).toEqual(['SCOPE-GRANTED-MISSING']);
  });
});

describe('compareScopes: outcomes', () => {
  it.each([
    ['identical grant reports nothing', 'system/Patient.rs system/Group.rs', 'system/Group.rs system/Patient.rs', EMPTY],
    ['v1 read ↔ v2 rs', 'system/Patient.read', 'system/Patient.rs',
      { ...EMPTY, equivalent: [{ requested: 'system/Patient.read', granted: ['system/Patient.rs'] }] }],
    ['cruds split into two grants (sorted)', 'system/AllergyIntolerance.cruds', 'system/AllergyIntolerance.rs system/AllergyIntolerance.cud',
      { ...EMPTY, equivalent: [{ requested: 'system/AllergyIntolerance.cruds', granted: ['system/AllergyIntolerance.cud', 'system/AllergyIntolerance.rs'] }] }],
    ['rs ↔ r + s', 'system/Observation.rs', 'system/Observation.s system/Observation.r',
      { ...EMPTY, equivalent: [{ requested: 'system/Observation.rs', granted: ['system/Observation.r', 'system/Observation.s'] }] }],
    ['v1 write ↔ cud', 'system/Patient.write', 'system/Patient.cud',
      { ...EMPTY, equivalent: [{ requested: 'system/Patient.write', granted: ['system/Patient.cud'] }] }],
    ['covered by a wildcard → broader, the wildcard is extra', 'system/Patient.rs', 'system/*.rs', { ...EMPTY, extra: ['system/*.rs'] }],
    ['covered by more permissions → broader, extra', 'system/Patient.r', 'system/Patient.rs', { ...EMPTY, extra: ['system/Patient.rs'] }],
    ['narrower permissions → partial', 'system/Patient.rs', 'system/Patient.r', { ...EMPTY, partial: ['system/Patient.rs'] }],
    ['wildcard with fewer permissions on explicit type → partial', 'system/*.rs', 'system/Patient.r', { ...EMPTY, partial: ['system/*.rs'] }],
    ['nothing granted → missing', 'system/Patient.rs', '', { ...EMPTY, missing: ['system/Patient.rs'] }],
    ['other type only → missing and extra', 'system/Patient.rs', 'system/Group.rs', { ...EMPTY, missing: ['system/Patient.rs'], extra: ['system/Group.rs'] }],
    ['opaque tokens compare exactly', 'openid fhirUser offline_access', 'openid offline_access', { ...EMPTY, missing: ['fhirUser'] }],
    ['opaque granted token is extra', 'system/Patient.rs', 'system/Patient.rs vendor_scope', { ...EMPTY, extra: ['vendor_scope'] }],
    ['duplicates are ignored', 'system/Patient.rs system/Patient.rs', 'system/Patient.rs', EMPTY],
    ['original spelling of invalid tokens is kept', 'system/Patient.sr', 'system/Patient.rs',
      { ...EMPTY, missing: ['system/Patient.sr'], extra: ['system/Patient.rs'] }],
  ])('%s', (_name, requested, granted, expected) => {
    expect(lists(cmp(requested, granted))).toEqual(expected);
  });

  it('never lets contexts cover each other and reports SCOPE-CROSS-CONTEXT', () => {
    const r = cmp('launch/patient patient/Observation.rs', 'launch/patient user/Observation.rs', 'app-launch-standalone');
    expect(lists(r)).toEqual({ ...EMPTY, missing: ['patient/Observation.rs'], extra: ['user/Observation.rs'] });
    expect(rules(r)).toEqual(['SCOPE-GRANTED-MISSING', 'SCOPE-GRANTED-EXTRA', 'SCOPE-CROSS-CONTEXT']);
    expect(r.findings.find((f) => f.rule === 'SCOPE-CROSS-CONTEXT')?.message).toContain('user/Observation.rs');
  });
  it('does not report SCOPE-CROSS-CONTEXT when the other context is not a twin', () => {
    expect(rules(cmp('launch patient/Observation.rs', 'launch user/Condition.rs', 'app-launch-ehr'))).not.toContain('SCOPE-CROSS-CONTEXT');
  });
});

describe('compareScopes: findings and severities', () => {
  it.each([
    ['SCOPE-GRANTED-MISSING', 'warning', 'system/Patient.rs system/Group.rs', 'system/Patient.rs'],
    ['SCOPE-GRANTED-EXTRA', 'warning', 'system/Patient.rs', 'system/Patient.rs system/Group.rs'],
    ['SCOPE-GRANTED-EXPANDED', 'info', 'system/*.rs', 'system/Patient.rs'],
    ['SCOPE-GRANTED-EQUIVALENT', 'info', 'system/Patient.read', 'system/Patient.rs'],
    ['SCOPE-CROSS-CONTEXT', 'info', 'system/Patient.rs', 'user/Patient.rs'],
  ])('%s (%s) fires on the triggering pair and not on an identical grant', (rule, severity, requested, granted) => {
    const hit = cmp(requested, granted).findings.find((f) => f.rule === rule);
    expect(hit?.severity).toBe(severity);
    expect(hit?.message.length).toBeGreaterThan(0);
    expect(rules(cmp(requested, requested))).not.toContain(rule);
  });
  it('applies the request grammar with the flow', () => {
    expect(rules(cmp('launch fhirUser', 'launch fhirUser'))).toEqual(['SCOPE-NOT-SYSTEM', 'SCOPE-NOT-SYSTEM', 'SCOPE-FHIRUSER-WITHOUT-OPENID']);
  });
  it('applies only the pure grammar rules to the granted string', () => {
    const r = cmp('system/Patient.rs', 'system/Patient.rs  system/Patient.rs');
    expect(rules(r)).toEqual(['SCOPE-WHITESPACE', 'SCOPE-DUPLICATE']);
    expect(r.findings[0]?.message).toMatch(/^granted: /);
    expect(rules(cmp('system/Patient.rs', 'system/Patient.rs launch'))).toEqual(['SCOPE-GRANTED-EXTRA']);
  });
  it('clean input yields no findings', () => {
    const r = cmp('launch/patient openid fhirUser patient/Observation.rs', 'patient/Observation.rs fhirUser openid launch/patient', 'app-launch-standalone');
    expect(r).toEqual({ findings: [], ...EMPTY });
  });
});

describe('compareScopes: malformed input', () => {
  it.each([
    [null, 'system/Patient.rs'],
    ['system/Patient.rs', 42],
    [['system/Patient.rs'], { a: 1 }],
    ['<html>Login</html>', '\u0000 ,,, ;;'],
  ])('%j vs %j does not throw', (requested, granted) => {
    const r = compareScopes({ flow: 'backend', requested: requested as string, granted: granted as string });
    expect(Array.isArray(r.findings)).toBe(true);
  });
  it('garbage granted tokens are extra, with findings', () => {
    const r = cmp('system/Patient.rs', 'system/Patient.rs <html>');
    expect(r.extra).toEqual(['<html>']);
    expect(rules(r)).toContain('SCOPE-GRANTED-EXTRA');
  });
  it('survives a null input object', () => {
    expect(compareScopes(null as never).findings).toEqual([]);
  });
});

describe('compareScopes: SCOPE-CROSS-CONTEXT twins', () => {
  it('a differently spelt twin in another context counts', () => {
    expect(rules(cmp('system/Observation.read', 'user/Observation.rs'))).toContain('SCOPE-CROSS-CONTEXT');
  });
  it('a twin with other permissions does not', () => {
    expect(rules(cmp('system/Observation.read', 'user/Observation.r'))).not.toContain('SCOPE-CROSS-CONTEXT');
  });
});

describe('compareScopes and checkScopeString: never throw (property)', async () => {
  const fc = await import('fast-check');
  const scopeish = fc.oneof(
    fc.string(),
    fc.constantFrom('patient/', 'user/', 'system/', 'launch', 'openid', '*', '.', '?', '&', '=', ',', '+', ' ', '\t', 'Observation', 'rs', 'read', 'cruds')
      .chain((a) => fc.array(fc.constantFrom(a, 'patient/*.rs', 'system/Patient.read', '?a=b', ' ', '.', 'X'), { maxLength: 6 }).map((xs) => a + xs.join(''))),
  );
  it('holds for arbitrary strings', () => {
    fc.assert(
      fc.property(scopeish, scopeish, fc.constantFrom('backend', 'app-launch-standalone', 'app-launch-ehr') as never, (requested: string, granted: string, flow: 'backend') => {
        const r = compareScopes({ flow, requested, granted });
        for (const f of r.findings) expect(f.message).not.toMatch(/\n/);
        const all = [...r.missing, ...r.partial, ...r.narrowed, ...r.extra];
        for (const t of all) expect(t.length).toBeGreaterThan(0);
      }),
      { numRuns: 400 },
    );
  });
});
