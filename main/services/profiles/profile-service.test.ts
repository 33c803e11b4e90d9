import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../../app/contract/index.ts';
import type { ProfileInput } from '../../../app/profiles/schema.ts';
import { PROFILE_EXPORT_FORMAT } from '../../../app/profiles/transfer.ts';
import { DEFAULT_LOOPBACK_PORT } from '../../../app/profiles/redirect-uri.ts';
import { readFile, writeFile } from 'node:fs/promises';
import type { EventSink } from '../../ports.ts';
import { nodeFs } from '../../stores/fs-port.ts';
import { ProfileService, type ProfileServiceDeps } from './profile-service.ts';

/**
 * Server profiles: CRUD, search, duplicate naming, import/export, and the change events the
 * renderer refreshes on. Time is pinned; the store is a real folder per test.
 */
const T0 = Date.parse('2026-03-04T05:06:07.000Z');
let now = T0;
const clock = { now: () => now };
let dir: string;
let emitted: { event: string; payload: unknown }[];
const events: EventSink = { emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void emitted.push({ event, payload }) };

beforeEach(async () => {
  now = T0;
  emitted = [];
  dir = await mkdtemp(join(tmpdir(), 'fae-profiles-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const service = (extra: Partial<ProfileServiceDeps> = {}) => new ProfileService({ dataDir: dir, clock, events, ...extra });

const input = (over: Partial<ProfileInput> = {}): ProfileInput => ({
  name: 'Epic sandbox', fhirBaseUrl: 'https://fhir.epic.example/api/FHIR/R4', authMethod: 'client-credentials-jwt', clientId: 'client-1', scopes: 'system/Patient.rs', ...over,
});
const save = (s: ProfileService, over: Partial<ProfileInput> = {}) => s.save(input(over) as Parameters<ProfileService['save']>[0]);
const changed = () => emitted.filter((e) => e.event === 'profiles:changed').map((e) => e.payload);

describe('create and read', () => {
  it('creates a profile with a fresh id, pinned timestamps and defaults, and persists it', async () => {
    const s = service();
    const p = await save(s, { name: '  Epic sandbox  ' });
    expect(p.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(p).toMatchObject({ name: 'Epic sandbox', createdAt: '2026-03-04T05:06:07.000Z', updatedAt: '2026-03-04T05:06:07.000Z', notes: '', extraTokenParams: [] });
    expect(p.assertion).toMatchObject({ alg: 'RS384', lifetimeSeconds: 240, clockOffsetSeconds: 0 });
    expect(p).toMatchObject({ loopbackPort: DEFAULT_LOOPBACK_PORT, autoRenew: false });
    expect(await service().list()).toEqual([p]);
    expect(await s.get(p.id)).toEqual(p);
  });

  it('lists by name and reports NOT_FOUND for an unknown id', async () => {
    const s = service();
    await save(s, { name: 'zeta' });
    await save(s, { name: 'Alpha' });
    await save(s, { name: 'beta' });
    expect((await s.list()).map((p) => p.name)).toEqual(['Alpha', 'beta', 'zeta']);
    await expect(s.get('missing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('search', () => {
  it('matches every word, case-insensitively, across name, URL, client id, preset and notes', async () => {
    const s = service();
    await save(s, { name: 'Epic prod', notes: 'Ask Dana for the JWKS' });
    await save(s, { name: 'Cerner', fhirBaseUrl: 'https://fhir-ehr.cerner.example/r4', clientId: 'abc-cerner-client' });
    await save(s, { name: 'b.well', presetId: 'bwell', fhirBaseUrl: 'https://fhir.sandbox.example-bw.com', authMethod: 'client-credentials-post' });
    const names = async (q: string) => (await s.list(q)).map((p) => p.name);
    expect(await names('EPIC')).toEqual(['Epic prod']);
    expect(await names('dana jwks')).toEqual(['Epic prod']);
    expect(await names('cerner.example')).toEqual(['Cerner']);
    expect(await names('abc-cerner')).toEqual(['Cerner']);
    expect(await names('bwell')).toEqual(['b.well']);
    expect(await names('epic cerner')).toEqual([]);
    expect(await names('   ')).toHaveLength(3);
  });
});

describe('edit', () => {
  it('replaces the fields, keeps id and createdAt, and moves updatedAt', async () => {
    const s = service();
    const p = await save(s);
    now = T0 + 60_000;
    const edited = await save(s, { id: p.id, name: 'Epic renamed', scopes: 'system/*.rs' });
    expect(edited).toMatchObject({ id: p.id, name: 'Epic renamed', scopes: 'system/*.rs', createdAt: p.createdAt, updatedAt: '2026-03-04T05:07:07.000Z' });
    expect(await service().list()).toEqual([edited]);
  });

  it('refuses to edit a deleted profile instead of recreating it', async () => {
    const s = service();
    await expect(save(s, { id: 'gone' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await s.list()).toEqual([]);
    expect(changed()).toEqual([]);
  });
});

describe('duplicate', () => {
  it('copies every field under a new id and a "(copy)" name, numbering further copies', async () => {
    const s = service();
    const p = await save(s, { notes: 'n' });
    now = T0 + 1000;
    const c1 = await s.duplicate(p.id);
    const c2 = await s.duplicate(p.id);
    const cc = await s.duplicate(c1.id);
    expect([c1.name, c2.name, cc.name]).toEqual(['Epic sandbox (copy)', 'Epic sandbox (copy 2)', 'Epic sandbox (copy) (copy)']);
    expect(new Set([p.id, c1.id, c2.id, cc.id]).size).toBe(4);
    const { id: _a, name: _b, createdAt: _c, updatedAt: _d, ...fields } = p;
    expect(c1).toMatchObject({ ...fields, createdAt: '2026-03-04T05:06:08.000Z' });
  });

  it('reports NOT_FOUND for an unknown id', async () => {
    await expect(service().duplicate('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('delete', () => {
  it('removes the profile for good and reports NOT_FOUND the second time', async () => {
    const s = service();
    const keep = await save(s, { name: 'keep' });
    const drop = await save(s, { name: 'drop' });
    expect(await s.remove(drop.id)).toEqual({ id: drop.id });
    expect((await service().list()).map((p) => p.id)).toEqual([keep.id]);
    await expect(s.remove(drop.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('export', () => {
  it('exports chosen or all profiles in the app format with a pinned date and no secrets', async () => {
    const s = service();
    const a = await save(s, { name: 'A' });
    await save(s, { name: 'B' });
    const all = await s.exportJson();
    expect(all).toMatchObject({ count: 2, fileName: 'fhir-auth-explorer-profiles-2026-03-04.json' });
    const doc = JSON.parse(all.json);
    expect(doc).toMatchObject({ format: PROFILE_EXPORT_FORMAT, exportedAt: '2026-03-04T05:06:07.000Z' });
    expect(doc.profiles).toHaveLength(2);
    const one = await s.exportJson([a.id]);
    expect(one.count).toBe(1);
    expect(JSON.parse(one.json).profiles[0].id).toBe(a.id);
  });

  it('never carries a secret that arrived in an import', async () => {
    const s = service();
    await s.importJson(JSON.stringify([{ ...input(), clientSecret: 'super-secret-value', privateKey: '-----BEGIN PRIVATE KEY-----' }]));
    const out = await s.exportJson();
    expect(out.json).not.toContain('super-secret-value');
    expect(out.json).not.toContain('PRIVATE KEY');
    expect(out.json).not.toMatch(/"clientSecret"|"privateKey"/);
  });
});

describe('import', () => {
  it('imports this app\'s export with fresh ids, leaving the originals alone', async () => {
    const source = service();
    const original = await save(source);
    const exported = (await source.exportJson()).json;
    const report = await source.importJson(exported);
    expect(report.rejected).toEqual([]);
    expect(report.imported).toHaveLength(1);
    expect(report.imported[0]!.id).not.toBe(original.id);
    expect(report.imported[0]).toMatchObject({ name: original.name, fhirBaseUrl: original.fhirBaseUrl });
    expect(await service().list()).toHaveLength(2);
  });

  it('imports the valid entries of a partly valid file and reports the others by index, name and field', async () => {
    const s = service();
    const report = await s.importJson(JSON.stringify({ profiles: [input({ name: 'good' }), { name: 'bad url', fhirBaseUrl: 'ftp://x', authMethod: 'none' }, input({ name: 'no client', clientId: '' })] }));
    expect(report.imported.map((p) => p.name)).toEqual(['good']);
    expect(report.rejected).toEqual([
      { index: 1, name: 'bad url', issues: [expect.objectContaining({ path: 'fhirBaseUrl' })] },
      { index: 2, name: 'no client', issues: [expect.objectContaining({ path: 'clientId' })] },
    ]);
    expect((await s.list()).map((p) => p.name)).toEqual(['good']);
  });

  it('accepts a single profile object', async () => {
    expect((await service().importJson(JSON.stringify(input({ name: 'single' })))).imported.map((p) => p.name)).toEqual(['single']);
  });

  it('refuses malformed JSON with the line and column, changing nothing', async () => {
    const s = service();
    await save(s);
    const text = '{\n  "profiles": [\n    { "name": "x", }\n  ]\n}';
    const error = await s.importJson(text).then(() => undefined, (e: unknown) => e as { code: string; message: string });
    expect(error?.code).toBe('INVALID_INPUT');
    expect(error?.message).toMatch(/line 3, column \d+/);
    expect(error?.message).toMatch(/No profiles were changed/);
    expect(await s.list()).toHaveLength(1);
  });

  it('refuses an empty list, an empty file and a file without profiles', async () => {
    const s = service();
    await expect(s.importJson('[]')).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/empty/) });
    await expect(s.importJson('{"profiles": []}')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(s.importJson('')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(s.importJson('{"hello": 1}')).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/no profiles/i) });
    expect(await s.list()).toEqual([]);
    expect(changed()).toEqual([]);
  });

  it('refuses a file where no entry is valid, with the issues per entry', async () => {
    const error = await service().importJson(JSON.stringify([{ name: '' }])).then(() => undefined, (e: unknown) => e as { code: string; issues: { path: string }[] });
    expect(error?.code).toBe('INVALID_INPUT');
    expect(error?.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['profiles.0.name', 'profiles.0.fhirBaseUrl']));
  });
});

describe('events and persistence', () => {
  it('emits profiles:changed with the affected ids after each committed change', async () => {
    const s = service();
    const p = await save(s);
    const edited = await save(s, { id: p.id, name: 'edited' });
    const copy = await s.duplicate(p.id);
    await s.remove(copy.id);
    const report = await s.importJson(JSON.stringify([input({ name: 'i1' }), input({ name: 'i2' })]));
    expect(changed()).toEqual([{ ids: [p.id] }, { ids: [edited.id] }, { ids: [copy.id] }, { ids: [copy.id] }, { ids: report.imported.map((i) => i.id) }]);
  });

  it('does not change the list or emit when the save fails on disk', async () => {
    const s = service({ fs: { ...nodeFs, rename: async () => { throw new Error('disk full'); } } });
    await expect(save(s)).rejects.toMatchObject({ code: 'STORE_IO' });
    expect(await s.list()).toEqual([]);
    expect(changed()).toEqual([]);
  });

  it('seeds a fresh install once, and never again', async () => {
    const seed = async () => [input({ name: 'seeded' })];
    expect((await service({ seed }).list()).map((p) => p.name)).toEqual(['seeded']);
    expect((await service({ seed }).list()).map((p) => p.name)).toEqual(['seeded']);
  });
});

describe('concurrent changes', () => {
  it('keeps all 300 concurrent saves, and an edit racing a delete of another profile, after a restart', async () => {
    const s = service();
    const [keep, gone] = await Promise.all([save(s, { name: 'keep' }), save(s, { name: 'gone' })]);
    const saves = Array.from({ length: 300 }, (_, i) => save(s, { name: `p-${i}` }));
    const edit = s.save({ ...input({ name: 'keep (edited)' }), id: keep.id } as Parameters<ProfileService['save']>[0]);
    const removal = s.remove(gone.id);
    await Promise.all([...saves, edit, removal]);
    const restarted = service();
    const names = (await restarted.list()).map((p) => p.name);
    expect(names).toHaveLength(301);
    expect(names).toContain('keep (edited)');
    expect(names).not.toContain('gone');
  });
});

describe('stored format', () => {
  /** profiles.json exactly as format 1 (before endpoint fields, loopback port and auto-renew) wrote it. */
  const v1 = {
    version: 1, savedAt: '2026-02-01T00:00:00.000Z',
    data: [
      {
        name: 'Vendor', fhirBaseUrl: 'https://fhir.vendor.example/r4', authMethod: 'auth-code-pkce-public', clientId: 'app-1', scopes: 'openid',
        tokenEndpoint: '{base}/oauth/token', extraAuthorizeParams: [], extraTokenParams: [],
        assertion: { alg: 'RS384', lifetimeSeconds: 300, extraClaims: [], extraHeader: [] },
        discovered: { source: 'smart-configuration', fetchedAt: '2026-02-01T00:00:00.000Z', tokenEndpoint: 'https://fhir.vendor.example/oauth/token' },
        notes: '', id: 'v1-vendor', createdAt: '2026-02-01T00:00:00.000Z', updatedAt: '2026-02-01T00:00:00.000Z',
      },
      {
        name: 'Sandbox: SMART app (PKCE)', presetId: 'sandbox-pkce', fhirBaseUrl: 'http://127.0.0.1:40001/fhir', authMethod: 'auth-code-pkce-public',
        clientId: 'demo-public-app', scopes: 'openid', extraAuthorizeParams: [], extraTokenParams: [],
        assertion: { alg: 'RS384', lifetimeSeconds: 300, extraClaims: [], extraHeader: [] },
        notes: '', id: 'v1-sandbox', createdAt: '2026-02-01T00:00:00.000Z', updatedAt: '2026-02-01T00:00:00.000Z',
      },
    ],
  };

  it('loads a format-1 file: every profile kept, auto-renew off, a fixed port except for the sandbox\'s, the assertion lifetime as saved', async () => {
    await writeFile(join(dir, 'profiles.json'), JSON.stringify(v1));
    const s = service();
    expect(await s.init()).toEqual({ kind: 'loaded' });
    const [sandbox, vendor] = await s.list();
    expect(vendor).toMatchObject({ id: 'v1-vendor', tokenEndpoint: '{base}/oauth/token', autoRenew: false, loopbackPort: DEFAULT_LOOPBACK_PORT });
    expect(vendor?.assertion).toMatchObject({ lifetimeSeconds: 300, clockOffsetSeconds: 0 });
    expect(vendor?.discovered).toMatchObject({ source: 'smart-configuration', tokenEndpoint: 'https://fhir.vendor.example/oauth/token' });
    expect(sandbox).toMatchObject({ id: 'v1-sandbox', loopbackPort: 0, autoRenew: false });
    // The next save writes format 2, which loads again unchanged.
    await s.save({ ...vendor!, notes: 'edited' } as Parameters<ProfileService['save']>[0]);
    const written = JSON.parse(await readFile(join(dir, 'profiles.json'), 'utf8')) as { version: number };
    expect(written.version).toBe(2);
    expect((await service().list()).map((p) => [p.id, p.loopbackPort, p.notes])).toEqual([['v1-sandbox', 0, ''], ['v1-vendor', DEFAULT_LOOPBACK_PORT, 'edited']]);
  });

  it('keeps every endpoint typed on the profile, and a file from a newer app version is moved aside, not overwritten', async () => {
    const s = service();
    const p = await save(s, { introspectionEndpoint: '{origin}/introspect', revocationEndpoint: 'https://auth.example/revoke', registrationEndpoint: 'https://auth.example/register', jwksUri: 'https://auth.example/jwks', userinfoEndpoint: 'https://auth.example/userinfo' });
    expect(await service().get(p.id)).toMatchObject({ introspectionEndpoint: '{origin}/introspect', revocationEndpoint: 'https://auth.example/revoke', jwksUri: 'https://auth.example/jwks' });
    await writeFile(join(dir, 'profiles.json'), JSON.stringify({ version: 3, savedAt: '2027-01-01T00:00:00.000Z', data: [] }));
    const outcome = await service().init();
    expect(outcome).toMatchObject({ kind: 'recovered', reason: expect.stringMatching(/newer version/) });
  });
});
