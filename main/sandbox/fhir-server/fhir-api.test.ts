import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../index.ts';
import { authorize, backendToken, exchangeCode, fhirGet } from '../testing/sandbox-test-kit.ts';

const REDIRECT = 'http://127.0.0.1:53124/cb';
const LAB = 'http://terminology.hl7.org/CodeSystem/observation-category|laboratory';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.stop();
});

async function patientToken(scope: string, patient = 'ana-alvarez'): Promise<string> {
  const run = await authorize(sb, { clientId: 'demo-public-app', scope, redirectUri: REDIRECT, patient });
  const t = await exchangeCode(sb, { code: run.code ?? '', redirectUri: REDIRECT, verifier: run.verifier, clientId: 'demo-public-app' });
  expect(t.status).toBe(200);
  return String(t.json.access_token);
}

async function send(method: string, path: string, token: string, body?: unknown, contentType = 'application/fhir+json') {
  const res = await fetch(`${sb.fhirBaseUrl}${path}`, {
    method, headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, any> };
}

describe('discovery', () => {
  it('serves smart-configuration as JSON with the SMART 2.2 fields', async () => {
    const res = await fetch(`${sb.fhirBaseUrl}/.well-known/smart-configuration`);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const doc = (await res.json()) as Record<string, any>;
    expect(doc).toMatchObject({
      issuer: sb.issuer, jwks_uri: sb.jwksUri, token_endpoint: sb.tokenEndpoint, authorization_endpoint: sb.authorizeEndpoint,
      grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384'],
      introspection_endpoint: sb.introspectionEndpoint, revocation_endpoint: sb.revocationEndpoint,
    });
    expect(doc.token_endpoint_auth_methods_supported).toEqual(['client_secret_basic', 'client_secret_post', 'private_key_jwt']);
    for (const cap of ['launch-ehr', 'launch-standalone', 'client-public', 'client-confidential-asymmetric', 'sso-openid-connect', 'permission-v1', 'permission-v2']) {
      expect(doc.capabilities).toContain(cap);
    }
    const jwks = (await (await fetch(sb.jwksUri)).json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(jwks.keys[0]?.d).toBeUndefined();
  });

  it('serves /metadata without a token, with the oauth-uris extension and SMART service coding', async () => {
    const cs = await fhirGet(sb, '/metadata');
    expect(cs.status).toBe(200);
    const security = cs.json.rest[0].security;
    expect(security.service[0].coding[0]).toMatchObject({ code: 'SMART-on-FHIR' });
    const uris = Object.fromEntries(security.extension[0].extension.map((e: { url: string; valueUri: string }) => [e.url, e.valueUri]));
    expect(uris).toMatchObject({ authorize: sb.authorizeEndpoint, token: sb.tokenEndpoint, introspect: sb.introspectionEndpoint });
  });
});

describe('bearer token checks', () => {
  it('answers 401 with a bare Bearer challenge when no token is sent', async () => {
    const res = await fhirGet(sb, '/Patient');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="sandbox"');
    expect(res.json.resourceType).toBe('OperationOutcome');
  });

  it('answers 401 invalid_token for malformed, foreign-scheme and expired tokens', async () => {
    const expired = await backendToken(sb, 'system/Patient.rs', { 'x-sandbox-fail': 'expired-token' });
    for (const header of ['Bearer not.a.jwt', 'Basic ZGVtbzpzZWNyZXQ=', `Bearer ${expired}`]) {
      const res = await fhirGet(sb, '/Patient', undefined, { authorization: header });
      expect(res.status, header).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
      expect(res.json.resourceType).toBe('OperationOutcome');
    }
    const res = await fhirGet(sb, '/Patient', expired);
    expect(res.json.issue[0].diagnostics).toContain('expired');
  });

  it('answers 403 insufficient_scope when no granted scope covers the interaction', async () => {
    const token = await backendToken(sb, 'system/Patient.rs');
    const read = await fhirGet(sb, '/Observation', token);
    expect(read.status).toBe(403);
    expect(read.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    const write = await send('POST', '/Patient', token, { resourceType: 'Patient', name: [{ family: 'New' }] });
    expect(write.status).toBe(403);
    expect((await fhirGet(sb, '/Patient/ben-baker', token)).status).toBe(200);
  });
});

describe('search paging', () => {
  it('pages the HbA1c query with next/previous links until every result is seen', async () => {
    const token = await backendToken(sb, 'system/Observation.rs');
    let page = await fhirGet(sb, '/Observation?code=4548-4&_count=2', token);
    expect(page.json.total).toBe(7);
    expect(page.json.link.find((l: { relation: string }) => l.relation === 'previous')).toBeUndefined();
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      expect(page.status).toBe(200);
      ids.push(...page.json.entry.map((e: { fullUrl: string; resource: { id: string } }) => {
        expect(e.fullUrl).toBe(`${sb.fhirBaseUrl}/Observation/${e.resource.id}`);
        return e.resource.id;
      }));
      const next = page.json.link.find((l: { relation: string }) => l.relation === 'next');
      if (!next) break;
      page = await fhirGet(sb, next.url, token);
      expect(page.json.link.some((l: { relation: string }) => l.relation === 'previous')).toBe(true);
    }
    expect(ids).toHaveLength(7);
    expect(new Set(ids).size).toBe(7);
    expect(ids.every((id) => id.includes('hba1c'))).toBe(true);
  });
});

describe('patient compartment and granular scopes', () => {
  it('confines patient/ scopes to the patient in context', async () => {
    const token = await patientToken('launch/patient patient/*.read');
    const obs = await fhirGet(sb, '/Observation?_count=100', token);
    expect(obs.json.total).toBe(9);
    expect(obs.json.entry.every((e: any) => e.resource.subject.reference === 'Patient/ana-alvarez')).toBe(true);
    const patients = await fhirGet(sb, '/Patient', token);
    expect(patients.json.entry.map((e: any) => e.resource.id)).toEqual(['ana-alvarez']);
    expect((await fhirGet(sb, '/Patient/ben-baker', token)).status).toBe(403);
    expect((await fhirGet(sb, '/Condition/ben-baker-condition-1', token)).status).toBe(403);
    expect((await fhirGet(sb, '/Group/diabetes-cohort', token)).status).toBe(403);
    const compartment = await fhirGet(sb, '/Patient/ana-alvarez/Condition', token);
    expect(compartment.json.total).toBe(1);
    const write = await send('POST', '/Observation', token, { resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: 'Patient/ana-alvarez' } });
    expect(write.status).toBe(403);
  });

  it('limits a v2 category-constrained scope to laboratory observations', async () => {
    const token = await patientToken(`launch/patient patient/Observation.rs?category=${LAB}`, 'david-diaz');
    const labs = await fhirGet(sb, '/Observation', token);
    expect(labs.json.total).toBe(2);
    expect(labs.json.entry.map((e: any) => e.resource.id).sort()).toEqual(['david-diaz-hba1c-1', 'david-diaz-hba1c-2']);
    expect((await fhirGet(sb, '/Observation/david-diaz-hba1c-1', token)).status).toBe(200);
    expect((await fhirGet(sb, '/Observation/david-diaz-bp-1', token)).status).toBe(403);
    expect((await fhirGet(sb, '/Patient/david-diaz', token)).status).toBe(403);
  });
});

describe('browser access', () => {
  it('answers CORS preflights and exposes WWW-Authenticate to browser apps', async () => {
    const preflight = await fetch(`${sb.fhirBaseUrl}/Patient`, {
      method: 'OPTIONS', headers: { origin: 'http://127.0.0.1:5173', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization');
    const denied = await fhirGet(sb, '/Patient', undefined, { origin: 'http://127.0.0.1:5173' });
    expect(denied.headers.get('access-control-expose-headers')).toContain('WWW-Authenticate');
  });
});

describe('writes and malformed requests', () => {
  it('creates, updates and deletes with system/*.cruds', async () => {
    const token = await backendToken(sb, 'system/*.cruds');
    const created = await send('POST', '/Observation', token, {
      resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '4548-4' }] }, subject: { reference: 'Patient/emma-evans' },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toMatch(new RegExp(`^${sb.fhirBaseUrl}/Observation/${created.json.id}/_history/`));
    const updated = await send('PUT', `/Observation/${created.json.id}`, token, { ...created.json, status: 'amended' });
    expect([updated.status, updated.json.status]).toEqual([200, 'amended']);
    expect((await send('DELETE', `/Observation/${created.json.id}`, token)).status).toBe(200);
    expect([404, 410]).toContain((await fhirGet(sb, `/Observation/${created.json.id}`, token)).status);
  });

  it('answers bad input with OperationOutcomes, never a stack trace', async () => {
    const token = await backendToken(sb, 'system/*.cruds');
    const cases = [
      [await send('POST', '/Observation', token, '{not json'), 400],
      [await send('POST', '/Observation', token, { resourceType: 'Observation' }, 'text/plain'), 415],
      [await send('POST', '/Observation', token, { resourceType: 'Patient' }), 400],
      [await fhirGet(sb, '/Unicorn', token), 404],
      [await fhirGet(sb, '/Patient/nobody', token), 404],
      [await fhirGet(sb, '/Observation?date=not-a-date', token), 400],
      [await fhirGet(sb, '/Patient', token, { 'x-sandbox-fail': 'no-such-mode' }), 400],
      [await fhirGet(sb, '/Patient/%E0%A4%A', token), 400],
      [await fhirGet(sb, '/Observation?colour=blue', token), 400],
      [await fhirGet(sb, '/Observation?_count=-1', token), 400],
    ] as const;
    for (const [res, status] of cases) {
      expect(res.status).toBe(status);
      expect(res.json.resourceType).toBe('OperationOutcome');
      expect(JSON.stringify(res.json)).not.toMatch(/\bat .+\.(ts|js):\d+/);
    }
  });
});
