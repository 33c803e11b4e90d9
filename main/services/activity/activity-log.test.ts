import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REDACTED } from '../../../app/activity/redact.ts';
import { createFileFallbackCipher } from '../../adapters/file-fallback-cipher.ts';
import { AtomicJsonFile } from '../../stores/atomic-json-file.ts';
import type { Clock, EventSink, SecretCipher } from '../../ports.ts';
import { ActivityLog, type ActivityLogLimits, type RawExchange } from './activity-log.ts';

const CLIENT_SECRET = 'cs-9f8e7d6c5b4a';
const ACCESS_TOKEN = 'at-0a1b2c3d4e5f';
const SIGNATURE = 'c2lnbmF0dXJlLWJ5dGVz';
const ASSERTION = `eyJhbGciOiJSUzM4NCJ9.eyJpc3MiOiJhcHAifQ.${SIGNATURE}`;

/** A token exchange carrying every kind of secret the log must hide. */
const tokenExchange = (over: Partial<RawExchange> = {}): RawExchange => ({
  purpose: 'token', profileId: 'p1', method: 'POST', url: 'https://auth.example/token',
  requestHeaders: [{ name: 'Content-Type', value: 'application/x-www-form-urlencoded' }, { name: 'Authorization', value: `Basic ${Buffer.from(`app:${CLIENT_SECRET}`).toString('base64')}` }],
  requestBody: new URLSearchParams({ grant_type: 'client_credentials', client_assertion: ASSERTION, client_secret: CLIENT_SECRET }).toString(),
  status: 200, statusText: 'OK',
  responseHeaders: [{ name: 'content-type', value: 'application/json' }],
  responseBody: JSON.stringify({ access_token: ACCESS_TOKEN, token_type: 'Bearer', expires_in: 300 }),
  timings: { totalMs: 42, waitMs: 40 },
  ...over,
});
const fhirRead = (n: number, over: Partial<RawExchange> = {}): RawExchange => ({
  purpose: 'fhir', profileId: 'p2', method: 'GET', url: `https://fhir.example/Patient/${n}`, requestHeaders: [], status: 200, statusText: 'OK',
  responseHeaders: [{ name: 'content-type', value: 'application/fhir+json' }], responseBody: JSON.stringify({ resourceType: 'Patient', id: String(n) }),
  timings: { totalMs: 5 }, ...over,
});

let dir: string;
let now: number;
let emitted: { event: string; payload: unknown }[];
const clock: Clock = { now: () => now };
const events: EventSink = { emit: (event, payload) => void emitted.push({ event, payload }) };

async function makeLog(opts: { limits?: Partial<ActivityLogLimits>; cipher?: SecretCipher; dataDir?: string } = {}) {
  const dataDir = opts.dataDir ?? dir;
  const log = new ActivityLog({ dataDir, cipher: opts.cipher ?? (await createFileFallbackCipher(dataDir)), clock, events, limits: opts.limits });
  await log.init();
  return log;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'activity-log-'));
  now = Date.parse('2026-03-04T05:06:07.000Z');
  emitted = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('ActivityLog', () => {
  it('lists entries newest first with their summary and announces each one', async () => {
    const log = await makeLog();
    const first = await log.record(fhirRead(1));
    now += 1000;
    const second = await log.record(tokenExchange());
    const list = await log.list();
    expect(list.map((e) => e.id)).toEqual([second, first]);
    expect(list[0]).toEqual({ id: second, at: '2026-03-04T05:06:08.000Z', purpose: 'token', profileId: 'p1', method: 'POST', url: 'https://auth.example/token', status: 200, timings: { totalMs: 42, waitMs: 40 }, error: undefined });
    expect(emitted).toEqual([{ event: 'activity:appended', payload: { id: first } }, { event: 'activity:appended', payload: { id: second } }]);
  });

  it('filters by profile and purpose and honours the limit', async () => {
    const log = await makeLog();
    await log.record(tokenExchange());
    for (let i = 0; i < 3; i++) await log.record(fhirRead(i));
    expect((await log.list({ purpose: 'token' })).map((e) => e.purpose)).toEqual(['token']);
    expect((await log.list({ profileId: 'p2' })).map((e) => e.url)).toEqual([2, 1, 0].map((n) => `https://fhir.example/Patient/${n}`));
    expect(await log.list({ profileId: 'p1', purpose: 'fhir' })).toEqual([]);
    expect(await log.list({ limit: 2 })).toHaveLength(2);
  });

  it('get returns the redacted copy with no secret in it', async () => {
    const log = await makeLog();
    const id = await log.record(tokenExchange(), [CLIENT_SECRET]);
    const entry = await log.get(id);
    const text = JSON.stringify(entry);
    for (const secret of [CLIENT_SECRET, ACCESS_TOKEN, SIGNATURE]) expect(text).not.toContain(secret);
    expect(entry.redacted).toBe(true);
    expect(entry.requestHeaders.find((h) => h.name === 'Authorization')?.value).toBe(`Basic ${REDACTED}`);
    expect(new URLSearchParams(entry.requestBody).get('client_assertion')).toBe(`eyJhbGciOiJSUzM4NCJ9.eyJpc3MiOiJhcHAifQ.${REDACTED}`);
    expect(JSON.parse(entry.responseBody!)).toEqual({ access_token: REDACTED, token_type: 'Bearer', expires_in: 300 });
  });

  it('reveal returns the original exchange', async () => {
    const log = await makeLog();
    const raw = tokenExchange();
    const id = await log.record(raw, [CLIENT_SECRET]);
    const revealed = await log.reveal(id);
    expect(revealed).toMatchObject({ ...raw, id, redacted: false });
  });

  it('reveal of an entry that had nothing to hide returns it, marked unredacted', async () => {
    const log = await makeLog();
    const id = await log.record(fhirRead(7, { responseHeaders: [], responseBody: 'plain' }));
    expect(await log.reveal(id)).toMatchObject({ id, url: 'https://fhir.example/Patient/7', responseBody: 'plain', redacted: false });
  });

  it('never writes a secret to activity.json (or its backup)', async () => {
    const log = await makeLog();
    await log.record(tokenExchange(), [CLIENT_SECRET]);
    await log.record(tokenExchange({ url: `https://auth.example/token?access_token=${ACCESS_TOKEN}` }), [CLIENT_SECRET]);
    await log.flush();
    await log.record(fhirRead(1, { requestHeaders: [{ name: 'Authorization', value: `Bearer ${ACCESS_TOKEN}` }] }));
    await log.flush();
    const files = readdirSync(dir).filter((f) => f.startsWith('activity.json'));
    expect(files).toEqual(expect.arrayContaining(['activity.json', 'activity.json.bak']));
    for (const f of files) {
      const text = readFileSync(join(dir, f), 'utf8');
      expect(text).toContain('auth.example/token');
      for (const secret of [CLIENT_SECRET, ACCESS_TOKEN, SIGNATURE, Buffer.from(`app:${CLIENT_SECRET}`).toString('base64')]) expect(text).not.toContain(secret);
    }
  });

  it('keeps only the newest maxEntries', async () => {
    const log = await makeLog({ limits: { maxEntries: 3 } });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await log.record(fhirRead(i)));
    expect((await log.list()).map((e) => e.id)).toEqual([ids[4], ids[3], ids[2]]);
    await expect(log.get(ids[0]!)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('cuts bodies to maxBodyChars and flags the response as truncated', async () => {
    const log = await makeLog({ limits: { maxBodyChars: 100 } });
    const id = await log.record(fhirRead(1, { responseHeaders: [{ name: 'content-type', value: 'text/plain' }], responseBody: 'x'.repeat(1000), requestBody: 'y'.repeat(500) }));
    const entry = await log.get(id);
    expect(entry.responseBody).toBe('x'.repeat(100));
    expect(entry.responseTruncated).toBe(true);
    expect(entry.requestBody).toBe('y'.repeat(100));
    const small = await log.get(await log.record(fhirRead(2)));
    expect(small.responseTruncated).toBe(false);
  });

  it('redacts before cutting, so a secret split by the cut leaves no readable part', async () => {
    const log = await makeLog({ limits: { maxBodyChars: 40 } });
    const body = `${'.'.repeat(30)}${CLIENT_SECRET}${'.'.repeat(30)}`;
    const id = await log.record(fhirRead(1, { responseHeaders: [{ name: 'content-type', value: 'text/plain' }], responseBody: body }), [CLIENT_SECRET]);
    const entry = await log.get(id);
    expect(entry.responseBody).not.toContain(CLIENT_SECRET.slice(0, 6));
    expect(entry.responseTruncated).toBe(true);
    expect((await log.reveal(id)).responseBody).toBe(body.slice(0, 40));
  });

  it('redacts known secrets in an error message too', async () => {
    const log = await makeLog();
    const id = await log.record({ ...fhirRead(1), status: undefined, responseBody: undefined, error: { code: 'NETWORK', message: `failed for https://x/?k=${CLIENT_SECRET}` } }, [CLIENT_SECRET]);
    expect((await log.get(id)).error?.message).toBe(`failed for https://x/?k=${REDACTED}`);
    expect((await log.reveal(id)).error?.message).toContain(CLIENT_SECRET);
  });

  it('survives a restart: flush, open a new instance, list and reveal', async () => {
    const log = await makeLog();
    const a = await log.record(tokenExchange(), [CLIENT_SECRET]);
    now += 1000;
    const b = await log.record(fhirRead(1));
    await log.flush();
    const reopened = await makeLog();
    expect((await reopened.list()).map((e) => e.id)).toEqual([b, a]);
    expect((await reopened.reveal(a)).requestBody).toContain(CLIENT_SECRET);
  });

  it('saves on its own shortly after recording, without a flush', async () => {
    const log = await makeLog();
    const id = await log.record(fhirRead(1));
    await expect.poll(() => { try { return readFileSync(join(dir, 'activity.json'), 'utf8'); } catch { return ''; } }, { timeout: 3000 }).toContain(id);
  });

  it('saves a busy log every ten seconds at most, and a quiet one a second after its last entry', async () => {
    const log = await makeLog();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const save = vi.spyOn(AtomicJsonFile.prototype, 'save');
    try {
      for (let i = 0; i < 24; i++) { // an entry every half second for twelve seconds
        await log.record(fhirRead(i));
        await log.list(); // the entry is in
        await vi.advanceTimersByTimeAsync(500);
      }
      expect(save).toHaveBeenCalledTimes(1); // at the ten-second mark, not every second
      await vi.advanceTimersByTimeAsync(1000);
      expect(save).toHaveBeenCalledTimes(2); // a second after the burst ended
      expect(save.mock.lastCall?.[0]).toHaveLength(24);
    } finally {
      save.mockRestore();
      vi.useRealTimers();
    }
  });

  it('keeps recording after one entry cannot be sealed, and many quick records all arrive in order', async () => {
    const real = await createFileFallbackCipher(dir);
    let failNext = true;
    const flaky: SecretCipher = { ...real, encrypt: async (plain) => { if (failNext) { failNext = false; throw new Error('keychain locked'); } return real.encrypt(plain); } };
    const log = await makeLog({ cipher: flaky });
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await log.record(tokenExchange()); // its original cannot be sealed: it is dropped, with a console error
      const ids = [];
      for (let i = 0; i < 20; i++) ids.push(log.recordNow(fhirRead(i)));
      ids.push(await log.record(tokenExchange()));
      expect((await log.list()).map((e) => e.id)).toEqual(ids.reverse());
      expect(errors).toHaveBeenCalledTimes(1);
    } finally {
      errors.mockRestore();
    }
  });

  it('clear empties the log, on disk as well', async () => {
    const log = await makeLog();
    await log.record(fhirRead(1));
    await log.record(tokenExchange());
    expect(await log.clear()).toEqual({ cleared: 2 });
    expect(await log.list()).toEqual([]);
    expect(await (await makeLog()).list()).toEqual([]);
  });

  it('exportHar gives a redacted HAR of all or the chosen entries, with a timestamped file name', async () => {
    const log = await makeLog();
    const a = await log.record(tokenExchange(), [CLIENT_SECRET]);
    await log.record(fhirRead(1));
    const all = await log.exportHar('1.2.3');
    expect(all.count).toBe(2);
    expect(all.fileName).toBe('fhir-auth-explorer-2026-03-04T05-06-07.har');
    for (const secret of [CLIENT_SECRET, ACCESS_TOKEN, SIGNATURE]) expect(all.json).not.toContain(secret);
    const har = JSON.parse(all.json) as { log: { version: string; creator: { version: string }; entries: { request: { url: string } }[] } };
    expect(har.log.version).toBe('1.2');
    expect(har.log.creator.version).toBe('1.2.3');
    const one = await log.exportHar('1.2.3', [a]);
    expect(one.count).toBe(1);
    expect((JSON.parse(one.json) as typeof har).log.entries[0]!.request.url).toBe('https://auth.example/token');
  });

  it('reports SECRET_MISSING when the sealed original cannot be decrypted', async () => {
    const log = await makeLog();
    const id = await log.record(tokenExchange(), [CLIENT_SECRET]);
    await log.flush();
    const otherKeyDir = mkdtempSync(join(tmpdir(), 'activity-log-key-'));
    try {
      const reopened = await makeLog({ cipher: await createFileFallbackCipher(otherKeyDir) });
      await expect(reopened.reveal(id)).rejects.toMatchObject({ code: 'SECRET_MISSING' });
      expect((await reopened.get(id)).redacted).toBe(true);
    } finally {
      rmSync(otherKeyDir, { recursive: true, force: true });
    }
  });

  it('says NOT_FOUND for an unknown id', async () => {
    const log = await makeLog();
    await expect(log.get('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(log.reveal('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
