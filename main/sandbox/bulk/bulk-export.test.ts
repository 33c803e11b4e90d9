import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNTHETIC_LINE_BYTES } from './bulk-synth.ts';
import { startSandbox, type Sandbox } from '../index.ts';
import { backendToken, basicAuth, postForm } from '../testing/sandbox-test-kit.ts';

let sb: Sandbox;
let token: string;
beforeAll(async () => {
  sb = await startSandbox({ export: { jobDelayMs: 80, maxFileBytes: 400_000 } });
  token = await backendToken(sb, 'system/*.rs');
});
afterAll(async () => {
  await sb.stop();
});

interface Manifest {
  transactionTime: string;
  request: string;
  requiresAccessToken: boolean;
  output: Array<{ type: string; url: string; count: number }>;
  error: unknown[];
}

async function kickoff(path: string, bearer = token, prefer = 'respond-async') {
  return fetch(`${sb.fhirBaseUrl}${path}`, { headers: { authorization: `Bearer ${bearer}`, accept: 'application/fhir+json', prefer } });
}

async function waitForManifest(statusUrl: string, bearer = token): Promise<Manifest> {
  for (let i = 0; i < 50; i++) {
    const res = await fetch(statusUrl, { headers: { authorization: `Bearer ${bearer}` } });
    if (res.status === 200) return (await res.json()) as Manifest;
    expect(res.status).toBe(202);
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('export did not complete');
}

async function exportTo(path: string, bearer = token): Promise<Manifest> {
  const res = await kickoff(path, bearer);
  expect(res.status).toBe(202);
  return waitForManifest(res.headers.get('content-location') ?? '', bearer);
}

async function download(url: string, bearer = token): Promise<string[]> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${bearer}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/fhir+ndjson');
  return (await res.text()).split('\n').filter(Boolean);
}

describe('bulk $export', () => {
  it('runs the async pattern: 202 kick-off, progress polling, manifest, token-protected NDJSON', async () => {
    const res = await kickoff('/$export');
    expect(res.status).toBe(202);
    const statusUrl = res.headers.get('content-location') ?? '';
    expect(statusUrl).toMatch(new RegExp(`^${sb.origin}/bulk/status/`));
    const early = await fetch(statusUrl, { headers: { authorization: `Bearer ${token}` } });
    expect(early.status).toBe(202);
    expect(early.headers.get('x-progress')).toMatch(/in progress/);
    expect(early.headers.get('retry-after')).toBe('1');

    const manifest = await waitForManifest(statusUrl);
    expect(manifest).toMatchObject({ requiresAccessToken: true, request: `${sb.fhirBaseUrl}/$export`, error: [] });
    expect(Date.parse(manifest.transactionTime)).not.toBeNaN();
    const patients = manifest.output.find((o) => o.type === 'Patient');
    expect(patients?.count).toBe(5);
    const lines = await download(patients?.url ?? '');
    expect(lines.map((l) => (JSON.parse(l) as { resourceType: string }).resourceType)).toEqual(Array(5).fill('Patient'));
    expect(manifest.output.map((o) => o.type)).toEqual(expect.arrayContaining(['Observation', 'Condition', 'Group', 'Practitioner']));
    expect((await fetch(patients?.url ?? '')).status).toBe(401);
  });

  it('honours _type, _since and _outputFormat, and rejects bad values', async () => {
    const typed = await exportTo('/$export?_type=Patient,Condition&_outputFormat=application/fhir%2Bndjson');
    expect(typed.output.map((o) => o.type).sort()).toEqual(['Condition', 'Patient']);
    const future = await exportTo(`/$export?_since=${encodeURIComponent('2999-01-01T00:00:00Z')}`);
    expect(future.output).toEqual([]);
    const past = await exportTo(`/$export?_type=Patient&_since=${encodeURIComponent('2000-01-01T00:00:00Z')}`);
    expect(past.output[0]?.count).toBe(5);
    for (const bad of ['/$export?_outputFormat=text/csv', '/$export?_type=Unicorn', '/$export?_since=yesterday', '/$export?_since=2020-01-01%2010:00']) {
      const res = await kickoff(bad);
      expect(res.status, bad).toBe(400);
      expect(((await res.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
    }
    const noPrefer = await kickoff('/$export', token, '');
    expect(noPrefer.status).toBe(400);
  });

  it('exports a Group and all patients, and 404s an unknown group', async () => {
    const group = await exportTo('/Group/diabetes-cohort/$export?_type=Patient,Observation');
    const members = (await download(group.output.find((o) => o.type === 'Patient')?.url ?? '')).map((l) => (JSON.parse(l) as { id: string }).id);
    expect(members.sort()).toEqual(['ana-alvarez', 'ben-baker', 'david-diaz']);
    const obs = await download(group.output.find((o) => o.type === 'Observation')?.url ?? '');
    expect(obs.every((l) => /"Patient\/(ana-alvarez|ben-baker|david-diaz)"/.test(l))).toBe(true);
    const all = await exportTo('/Patient/$export?_type=Patient');
    expect(all.output[0]?.count).toBe(5);
    expect((await kickoff('/Group/nope/$export')).status).toBe(404);
  });

  it('honours _typeFilter (several filters for one type are OR\'ed), _elements (SUBSETTED) and includeAssociatedData', async () => {
    const q = new URLSearchParams([['_type', 'Observation,Patient'], ['_typeFilter', 'Observation?code=4548-4'], ['_typeFilter', 'Observation?code=29463-7'], ['_elements', 'code,Patient.birthDate'], ['includeAssociatedData', 'LatestProvenanceResources']]);
    const m = await exportTo(`/Group/diabetes-cohort/$export?${q}`);
    const obs = (await download(m.output.find((o) => o.type === 'Observation')?.url ?? '')).map((l) => JSON.parse(l) as Record<string, any>);
    expect(obs.length).toBeGreaterThan(0);
    expect(new Set(obs.map((o) => o.code.coding[0].code))).toEqual(new Set(['4548-4', '29463-7']));
    expect(obs.every((o) => o.subject === undefined && o.valueQuantity === undefined && o.meta.tag.some((t: { code: string }) => t.code === 'SUBSETTED'))).toBe(true);
    const patients = (await download(m.output.find((o) => o.type === 'Patient')?.url ?? '')).map((l) => JSON.parse(l) as Record<string, any>);
    expect(patients.every((p) => p.birthDate && p.name === undefined)).toBe(true);
    const bad = await kickoff('/Patient/$export?_typeFilter=category%3Dlaboratory');
    expect([bad.status, ((await bad.json()) as { issue: { diagnostics: string }[] }).issue[0]?.diagnostics]).toEqual([400, expect.stringMatching(/_typeFilter "category=laboratory" is not a search/)]);
    expect((await kickoff('/Patient/$export?includeAssociatedData=Everything')).status).toBe(400);
  });

  it('takes patient only in a POST Parameters body, and only patients of the Group', async () => {
    const post = (path: string, parameter: object[]) => fetch(`${sb.fhirBaseUrl}${path}`, {
      method: 'POST', body: JSON.stringify({ resourceType: 'Parameters', parameter }),
      headers: { authorization: `Bearer ${token}`, accept: 'application/fhir+json', prefer: 'respond-async', 'content-type': 'application/fhir+json' },
    });
    const res = await post('/Group/diabetes-cohort/$export', [{ name: '_type', valueString: 'Patient,Condition' }, { name: 'patient', valueReference: { reference: 'Patient/ben-baker' } }]);
    expect(res.status).toBe(202);
    const m = await waitForManifest(res.headers.get('content-location') ?? '');
    expect((await download(m.output.find((o) => o.type === 'Patient')?.url ?? '')).map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(['ben-baker']);
    expect((await download(m.output.find((o) => o.type === 'Condition')?.url ?? '')).every((l) => l.includes('"Patient/ben-baker"'))).toBe(true);
    const outside = await post('/Group/diabetes-cohort/$export', [{ name: 'patient', valueReference: { reference: 'Patient/chloe-chen' } }]);
    expect(outside.status).toBe(400);
    expect(await outside.text()).toContain('not a member of Group/diabetes-cohort');
    expect((await post('/$export', [{ name: 'patient', valueReference: { reference: 'Patient/ben-baker' } }])).status).toBe(400);
    expect((await kickoff('/Patient/$export?patient=Patient/ben-baker')).status).toBe(400);
  });

  it('cancels a job with DELETE; its status and files are then gone', async () => {
    const res = await kickoff('/$export?sandbox_export_delay=60000');
    const statusUrl = res.headers.get('content-location') ?? '';
    const cancel = await fetch(statusUrl, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    expect(cancel.status).toBe(202);
    expect((await fetch(statusUrl, { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
  });

  it('keeps jobs private to the client that started them and exports only what the scopes allow', async () => {
    const res = await kickoff('/$export?_type=Patient');
    const statusUrl = res.headers.get('content-location') ?? '';
    await waitForManifest(statusUrl);
    const sameClient = await backendToken(sb, 'system/*.rs');
    expect((await fetch(statusUrl, { headers: { authorization: `Bearer ${sameClient}` } })).status).toBe(200);
    await sb.registerClient({ client_id: 'other-backend', client_secret: 'other-secret', grant_types: ['client_credentials'], response_types: [], redirect_uris: [] });
    const other = await postForm(sb.tokenEndpoint, { grant_type: 'client_credentials', scope: 'system/*.rs' }, basicAuth('other-backend', 'other-secret'));
    expect((await fetch(statusUrl, { headers: { authorization: `Bearer ${String(other.json.access_token)}` } })).status).toBe(404);

    const narrow = await backendToken(sb, 'system/Patient.rs');
    expect((await kickoff('/$export?_type=Observation', narrow)).status).toBe(403);
    const onlyPatients = await exportTo('/$export', narrow);
    expect(onlyPatients.output.map((o) => o.type)).toEqual(['Patient']);
  });

  it('streams a large synthetic export split into files, with exact counts and sizes', async () => {
    const bytes = 1_200_000;
    const manifest = await exportTo(`/$export?_type=Observation&sandbox_export_bytes=${bytes}`);
    const synthetic = manifest.output.filter((o) => o.url.includes('synthetic'));
    const expectedLines = Math.floor(bytes / SYNTHETIC_LINE_BYTES);
    expect(synthetic).toHaveLength(Math.ceil(expectedLines / Math.floor(400_000 / SYNTHETIC_LINE_BYTES)));
    expect(synthetic.length).toBeGreaterThanOrEqual(3);
    let total = 0;
    let lines = 0;
    for (const file of synthetic) {
      const res = await fetch(file.url, { headers: { authorization: `Bearer ${token}` } });
      const text = await res.text();
      total += Buffer.byteLength(text);
      const rows = text.split('\n').filter(Boolean);
      lines += rows.length;
      expect(rows.length).toBe(file.count);
      const last = JSON.parse(rows.at(-1) ?? '{}') as { resourceType: string; code: { coding: Array<{ code: string }> } };
      expect([last.resourceType, last.code.coding[0]?.code]).toEqual(['Observation', '4548-4']);
    }
    expect(lines).toBe(expectedLines);
    expect(total).toBe(lines * SYNTHETIC_LINE_BYTES);
  });
});

