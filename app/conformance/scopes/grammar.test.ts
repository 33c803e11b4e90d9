import { describe, expect, it } from 'vitest';
import { checkScopeString, parseScope, tokenizeScopes } from './index.ts';
import type { ScopeCheckContext } from './check.ts';

type Flow = ScopeCheckContext['flow'];
const rules = (raw: string, flow: Flow = 'app-launch-standalone') => checkScopeString(raw, { flow }).map((f) => f.rule);

describe('tokenizeScopes', () => {
  it('splits on runs of whitespace, trims and removes duplicates', () => {
    expect(tokenizeScopes(' a\tb  c\nb ')).toEqual({ tokens: ['a', 'b', 'c'], irregularWhitespace: true, duplicates: ['b'] });
  });
  it('reports regular strings as regular', () => {
    expect(tokenizeScopes('openid fhirUser')).toEqual({ tokens: ['openid', 'fhirUser'], irregularWhitespace: false, duplicates: [] });
  });
  it('handles empty and whitespace-only strings', () => {
    expect(tokenizeScopes('')).toEqual({ tokens: [], irregularWhitespace: false, duplicates: [] });
    expect(tokenizeScopes('  ')).toEqual({ tokens: [], irregularWhitespace: true, duplicates: [] });
  });
  it('does not throw on non-strings', () => {
    expect(tokenizeScopes(null as unknown as string).tokens).toEqual([]);
  });
});

describe('parseScope', () => {
  it.each([
    ['patient/Observation.read', 'patient', 'Observation', 'v1', 'rs'],
    ['user/*.write', 'user', '*', 'v1', 'cud'],
    ['system/*.*', 'system', '*', 'v1', 'cruds'],
    ['patient/Observation.rs', 'patient', 'Observation', 'v2', 'rs'],
    ['user/Patient.cruds', 'user', 'Patient', 'v2', 'cruds'],
    ['system/Patient.s', 'system', 'Patient', 'v2', 's'],
  ])('%s is a resource scope', (raw, context, type, version, perms) => {
    const p = parseScope(raw);
    expect(p.kind).toBe('resource');
    if (p.kind !== 'resource') return;
    expect(p).toMatchObject({ context, type, version, raw, query: [] });
    expect([...p.permissions].sort().join('')).toBe(perms.split('').sort().join(''));
  });
  it('parses a v2 query into pairs', () => {
    const p = parseScope('patient/Observation.rs?category=http://x|laboratory&code=1');
    expect(p.kind === 'resource' && p.query).toEqual([['category', 'http://x|laboratory'], ['code', '1']]);
  });
  it.each([
    'launch', 'openid', 'patient/Observation', 'patient/.rs', 'patient/Observation.', 'patient/Observation.sr',
    'Patient/Observation.read', 'patient/observation.rs', 'patient/Observation.read?a=b', 'patient/Observation.rs?',
    'patient/Observation.rs?a', 'patient/Observation.rs?=b', 'patient/Observation.xyz', 'practitioner/Patient.read',
  ])('%s is opaque', (raw) => {
    expect(parseScope(raw)).toEqual({ kind: 'opaque', raw });
  });
});

describe('checkScopeString: each rule triggers and stays quiet', () => {
  const cases: [rule: string, flow: Flow, triggering: string, valid: string][] = [
    ['SCOPE-SYNTAX', 'backend', 'system/Patient.unknownAction', 'system/Patient.read'],
    ['SCOPE-SYNTAX', 'backend', 'system/Patient.xyz', 'system/Patient.rs'],
    ['SCOPE-SYNTAX', 'backend', 'system/Patient', 'system/Patient.r'],
    ['SCOPE-SYNTAX', 'backend', 'system/.read', 'system/*.read'],
    ['SCOPE-SYNTAX', 'backend', 'system/Patient.read?a=b', 'system/Patient.rs?a=b'],
    ['SCOPE-SYNTAX', 'backend', 'system/Patient.rs?', 'system/Patient.rs?x=y'],
    ['SCOPE-SYNTAX', 'backend', 'system/Patient.rs?a', 'system/Patient.rs?a=1'],
    ['SCOPE-SYNTAX', 'backend', 'system/Patient.rs?=b', 'system/Patient.rs?b=2'],
    ['SCOPE-SYNTAX', 'backend', 'system/Patient.', 'system/Patient.s'],
    ['SCOPE-V2-ORDER', 'backend', 'system/Patient.sr', 'system/Patient.rs'],
    ['SCOPE-V2-ORDER', 'backend', 'system/Patient.dus', 'system/Patient.uds'],
    ['SCOPE-V2-ORDER', 'backend', 'system/Patient.rr', 'system/Patient.r'],
    ['SCOPE-SEPARATOR', 'app-launch-ehr', 'patient/*.read,launch', 'patient/*.read launch'],
    ['SCOPE-SEPARATOR', 'app-launch-ehr', 'openid;fhirUser', 'openid fhirUser'],
    ['SCOPE-SEPARATOR', 'app-launch-ehr', 'patient/Observation.rs+launch/patient', 'patient/Observation.rs launch/patient'],
    ['SCOPE-WHITESPACE', 'backend', ' system/Patient.rs', 'system/Patient.rs'],
    ['SCOPE-WHITESPACE', 'backend', 'system/Patient.rs  system/Group.rs', 'system/Patient.rs system/Group.rs'],
    ['SCOPE-WHITESPACE', 'backend', 'system/Patient.rs\tsystem/Group.rs', 'system/Patient.rs system/Group.rs'],
    ['SCOPE-WHITESPACE', 'backend', 'system/Patient.rs\n', 'system/Patient.rs'],
    ['SCOPE-CASE', 'app-launch-ehr', 'launch Patient/Observation.read', 'launch patient/Observation.read'],
    ['SCOPE-CASE', 'app-launch-ehr', 'launch patient/observation.rs', 'launch patient/Observation.rs'],
    ['SCOPE-CASE', 'app-launch-ehr', 'launch patient/Observation.RS', 'launch patient/Observation.rs'],
    ['SCOPE-CASE', 'app-launch-standalone', 'launch/Patient', 'launch/patient'],
    ['SCOPE-CASE', 'app-launch-standalone', 'openid fhiruser', 'openid fhirUser'],
    ['SCOPE-CASE', 'app-launch-standalone', 'OpenID', 'openid'],
    ['SCOPE-CASE', 'app-launch-standalone', 'Offline_Access', 'offline_access'],
    ['SCOPE-UNKNOWN-RESOURCE', 'backend', 'system/UnknownResource.read', 'system/Group.read'],
    ['SCOPE-UNKNOWN-RESOURCE', 'backend', 'system/Medication_Request.rs', 'system/MedicationRequest.rs'],
    ['SCOPE-DUPLICATE', 'backend', 'system/Patient.rs system/Patient.rs', 'system/Patient.rs'],
    ['SCOPE-WILDCARD-BROAD', 'backend', 'system/*.rs', 'system/Patient.rs'],
    ['SCOPE-WILDCARD-BROAD', 'app-launch-ehr', 'launch patient/*.*', 'launch patient/Observation.read'],
    ['SCOPE-V1-V2-MIXED', 'backend', 'system/Patient.read system/Group.rs', 'system/Patient.rs system/Group.rs'],
    ['SCOPE-V2-QUERY', 'backend', 'system/Observation.rs?category=laboratory', 'system/Observation.rs'],
    ['SCOPE-V2-QUERY-EXPERIMENTAL', 'backend', 'system/Observation.rs?code:in=http://vs', 'system/Observation.rs?code=1'],
    ['SCOPE-V2-QUERY-EXPERIMENTAL', 'backend', 'system/Observation.rs?patient.birthdate=1990', 'system/Observation.rs?date=1990'],
    ['SCOPE-V2-QUERY-EXPERIMENTAL', 'backend', 'system/Observation.rs?_filter=x', 'system/Observation.rs?_count=1'],
    ['SCOPE-NOT-SYSTEM', 'backend', 'launch fhirUser', 'system/Patient.rs'],
    ['SCOPE-NOT-SYSTEM', 'backend', 'patient/Observation.rs', 'system/Observation.rs'],
    ['SCOPE-NOT-SYSTEM', 'backend', 'user/Observation.rs', 'system/Observation.rs'],
    ['SCOPE-NOT-SYSTEM', 'backend', 'offline_access', 'system/Observation.rs'],
    ['SCOPE-WRITE-BACKEND', 'backend', 'system/Patient.write', 'system/Patient.read'],
    ['SCOPE-WRITE-BACKEND', 'backend', 'system/Patient.cu', 'system/Patient.rs'],
    ['SCOPE-WRITE-BACKEND', 'backend', 'system/Patient.d', 'system/Patient.s'],
    ['SCOPE-WRITE-BACKEND', 'backend', 'system/*.*', 'system/*.read'],
    ['SCOPE-FHIRUSER-WITHOUT-OPENID', 'app-launch-standalone', 'fhirUser', 'openid fhirUser'],
    ['SCOPE-PATIENT-WITHOUT-LAUNCH', 'app-launch-standalone', 'patient/Observation.rs', 'launch/patient patient/Observation.rs'],
    ['SCOPE-PATIENT-WITHOUT-LAUNCH', 'app-launch-ehr', 'patient/Observation.rs', 'launch patient/Observation.rs'],
    ['SCOPE-ONLINE-ACCESS-STANDALONE', 'app-launch-standalone', 'online_access', 'offline_access'],
    ['SCOPE-UNRECOGNIZED', 'app-launch-standalone', 'read_all', 'https://vendor.example/scopes/read_all'],
    ['SCOPE-UNRECOGNIZED', 'app-launch-standalone', 'launch/foo', '__vendor_scope'],
  ];
  it.each(cases)('%s (%s): %j triggers, %j does not', (rule, flow, triggering, valid) => {
    expect(rules(triggering, flow)).toContain(rule);
    expect(rules(valid, flow)).not.toContain(rule);
  });

  it('fires SCOPE-ONLINE-ACCESS-STANDALONE only in standalone launches', () => {
    expect(rules('online_access', 'app-launch-ehr')).not.toContain('SCOPE-ONLINE-ACCESS-STANDALONE');
  });
  it('fires SCOPE-PATIENT-WITHOUT-LAUNCH only in code flows', () => {
    expect(rules('patient/Observation.rs', 'backend')).not.toContain('SCOPE-PATIENT-WITHOUT-LAUNCH');
  });
  it('fires SCOPE-WRITE-BACKEND only in backend flows', () => {
    expect(rules('launch system/Patient.write', 'app-launch-ehr')).not.toContain('SCOPE-WRITE-BACKEND');
  });
});

describe('checkScopeString: severities and exclusivity', () => {
  it('uses the registry severities', () => {
    const f = checkScopeString('system/Patient.sr system/*.read', { flow: 'backend' });
    expect(f.map((x) => [x.rule, x.severity])).toEqual([
      ['SCOPE-V2-ORDER', 'error'],
      ['SCOPE-WILDCARD-BROAD', 'info'],
    ]);
  });
  it('diagnoses a comma-joined token only as SCOPE-SEPARATOR', () => {
    expect(rules('launch patient/*.read,launch/patient', 'app-launch-ehr')).toEqual(['SCOPE-SEPARATOR']);
  });
  it('does not add SCOPE-UNRECOGNIZED to tokens with a grammar finding', () => {
    expect(rules('launch/Patient')).toEqual(['SCOPE-CASE']);
    expect(rules('system/UnknownResource.read', 'backend')).toEqual(['SCOPE-UNKNOWN-RESOURCE']);
  });
  it('puts the offending value into the message', () => {
    const [f] = checkScopeString('system/Patient.sr', { flow: 'backend' });
    expect(f?.message).toContain('system/Patient.sr');
    expect(f?.explanation).toBeTruthy();
  });
});

describe('checkScopeString: clean and malformed input', () => {
  it.each([
    ['app-launch-standalone', 'launch/patient openid fhirUser offline_access patient/Observation.rs patient/Patient.r'],
    ['app-launch-ehr', 'launch openid fhirUser online_access user/Observation.rs patient/Condition.rs'],
    ['backend', 'system/Patient.rs system/Observation.rs system/Group.rs'],
    ['app-launch-standalone', 'launch/patient launch/encounter profile email https://example.org/scope __x'],
  ] as const)('%s: %s has no findings at all', (flow, raw) => {
    expect(checkScopeString(raw, { flow })).toEqual([]);
  });
  it.each([null, 42, ['system/Patient.rs'], {}, undefined])('non-string %j yields no findings and no exception', (raw) => {
    expect(checkScopeString(raw as unknown as string, { flow: 'backend' })).toEqual([]);
  });
  it('garbage and HTML produce findings, not exceptions', () => {
    expect(rules('<html><body>Login</body></html>')).toContain('SCOPE-UNRECOGNIZED');
    expect(rules('\u0000\uffff ??? %%%')).toContain('SCOPE-UNRECOGNIZED');
  });
});

describe('checkScopeString: separators inside v2 queries', () => {
  it('a comma inside a query value (FHIR OR) is not a separator', () => {
    expect(rules('system/Observation.rs?code=1234-5,5678-9', 'backend')).toEqual(['SCOPE-V2-QUERY']);
  });
  it('a comma joining a query scope and another scope is a separator', () => {
    expect(rules('system/Observation.rs?code=1,system/Patient.rs', 'backend')).toEqual(['SCOPE-SEPARATOR']);
  });
  it('a plus that does not join scopes is not a separator', () => {
    expect(rules('system/Observation.rs?code=a+b', 'backend')).toEqual(['SCOPE-V2-QUERY']);
  });
});
