import { mkdtempSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileFallbackCipher } from '../../adapters/file-fallback-cipher.ts';
import type { Clock, SecretCipher } from '../../ports.ts';
import { createFakeCipher } from '../../testing/fake-cipher.ts';
import { SecretService } from './secret-service.ts';

const SECRET = 'cs-7Hq2-very-secret';
let dir: string;
let now: number;
let problems: string[];
const clock: Clock = { now: () => now };
const service = (cipher: SecretCipher = createFakeCipher()) => new SecretService({ dataDir: dir, clock, cipher, onProblem: (m) => problems.push(m) });
const fileText = () => readFileSync(join(dir, 'secrets.json'), 'utf8');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'secret-service-'));
  now = Date.parse('2026-02-03T04:05:06.000Z');
  problems = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('client secrets', () => {
  it('set, status, getSecret, replace and clear round-trip; only sealed text on disk at mode 0600', async () => {
    const secrets = service();
    expect(await secrets.status('p1')).toEqual({ profileId: 'p1', hasSecret: false });
    expect(await secrets.getSecret('p1')).toBeUndefined();

    expect(await secrets.set('p1', SECRET)).toEqual({ profileId: 'p1', hasSecret: true, updatedAt: '2026-02-03T04:05:06.000Z' });
    expect(await secrets.getSecret('p1')).toBe(SECRET);
    expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(fileText()).not.toContain(SECRET);
    expect(fileText()).toContain('fake-a:');

    now += 60_000;
    await secrets.set('p1', 'replacement');
    await secrets.set('p2', 'other');
    expect(await secrets.status('p1')).toEqual({ profileId: 'p1', hasSecret: true, updatedAt: '2026-02-03T04:06:06.000Z' });
    expect(await service().getSecret('p1')).toBe('replacement');

    expect(await secrets.clear('p1')).toEqual({ profileId: 'p1', hasSecret: false });
    expect(await secrets.getSecret('p1')).toBeUndefined();
    expect(await service().getSecret('p2')).toBe('other');
    expect(await secrets.clear('never-set')).toEqual({ profileId: 'never-set', hasSecret: false });
  });

  it('reports a value it cannot decrypt, keeps it, and the mode that wrote it still reads it', async () => {
    await service(createFakeCipher({ tag: 'desktop', kind: 'os-keychain' })).set('p1', SECRET);
    const browser = service(createFakeCipher({ tag: 'browser' }));
    const status = await browser.status('p1');
    expect(status).toMatchObject({ profileId: 'p1', hasSecret: true, updatedAt: '2026-02-03T04:05:06.000Z', problem: expect.stringContaining('cannot be decrypted') });
    expect(status.problem).toContain('desktop app');
    await expect(browser.getSecret('p1')).rejects.toMatchObject({ code: 'SECRET_MISSING', message: expect.stringContaining('enter the secret again') });
    expect(problems).toHaveLength(1);
    expect(JSON.parse(fileText()).data).toHaveLength(1);
    expect(await service(createFakeCipher({ tag: 'desktop', kind: 'os-keychain' })).getSecret('p1')).toBe(SECRET);

    await browser.set('p1', 'new one');
    expect(await browser.status('p1')).toEqual({ profileId: 'p1', hasSecret: true, updatedAt: '2026-02-03T04:05:06.000Z' });
  });

  it('with the real file-fallback cipher: survives restarts, and a changed key file is reported, not fatal', async () => {
    await service(await createFileFallbackCipher(dir)).set('p1', SECRET);
    expect(fileText()).toContain('v1-file:');
    expect(await service(await createFileFallbackCipher(dir)).getSecret('p1')).toBe(SECRET);

    unlinkSync(join(dir, 'secret-fallback.key'));
    const changed = service(await createFileFallbackCipher(dir));
    expect((await changed.status('p1')).problem).toMatch(/cannot be decrypted/);
    await expect(changed.getSecret('p1')).rejects.toMatchObject({ code: 'SECRET_MISSING' });
    expect(JSON.parse(fileText()).data).toHaveLength(1);
  });

  it('refuses to save when the cipher cannot encrypt, and keeps the old value', async () => {
    await service().set('p1', SECRET);
    const failing = service(createFakeCipher({ failEncrypt: true }));
    await expect(failing.set('p1', 'new')).rejects.toMatchObject({ code: 'STORE_IO' });
    expect(await service().getSecret('p1')).toBe(SECRET);
  });
});
