import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProfileInput } from '../../../app/profiles/schema.ts';
import { createMainServices, type MainServices } from '../../compose.ts';
import { createFileFallbackCipher } from '../../adapters/file-fallback-cipher.ts';

const dirs: string[] = [];
const running: MainServices[] = [];
const blockers: Server[] = [];

async function start(dataDir?: string) {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'fae-sbx-')));
  if (!dataDir) dirs.push(dir);
  const services = await createMainServices({ mode: 'browser', version: 't', dataDir: dir, cipher: await createFileFallbackCipher(dir), events: { emit: () => {} } });
  running.push(services);
  return { dir, services, h: services.handlers };
}

afterEach(async () => {
  for (const s of running.splice(0)) await s.dispose();
  for (const b of blockers.splice(0)) await new Promise((r) => b.close(r));
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('the built-in sandbox inside the app', () => {
  it('a fresh install holds four working sandbox profiles, and the sandbox starts on the first request to it', async () => {
    const { h } = await start();
    const profiles = await h['profiles:list']({});
    expect(profiles.map((p) => p.name)).toEqual(['Sandbox: backend services (private_key_jwt)', 'Sandbox: client secret', 'Sandbox: SMART app (PKCE)', 'Sandbox: SMART app (private_key_jwt)']);
    // The sandbox accepts any loopback port, so its profiles need no fixed one; auto-renew is off by default.
    expect(profiles.every((p) => p.loopbackPort === 0 && !p.autoRenew)).toBe(true);
    const asymmetric = profiles.find((p) => p.presetId === 'sandbox-asymmetric-app')!;
    expect(asymmetric).toMatchObject({ authMethod: 'auth-code-confidential-jwt', clientId: 'demo-asymmetric-app' });
    expect(asymmetric.assertion.keyId).toBe(profiles.find((p) => p.presetId === 'sandbox-backend')!.assertion.keyId);
    const status = await h['sandbox:status']({});
    expect(status.state).toBe('stopped');
    expect(profiles.every((p) => p.fhirBaseUrl === status.fhirBaseUrl)).toBe(true);

    const backend = profiles.find((p) => p.presetId === 'sandbox-backend')!;
    const key = await h['keys:get']({ id: backend.assertion.keyId! });
    expect(key.alg).toBe('ES384');
    const secret = profiles.find((p) => p.presetId === 'sandbox-secret')!;
    expect((await h['secrets:status']({ profileId: secret.id })).hasSecret).toBe(true);

    const found = await h['discovery:run']({ profileId: backend.id });
    expect(found.source).toBe('smart-configuration');
    expect(found.endpoints.tokenEndpoint).toBe(`${status.origin}/oauth/token`);
    expect((await h['sandbox:status']({})).state).toBe('running');
  });

  it('keeps its port across restarts and moves (rebasing only sandbox profiles) when the port is taken', async () => {
    const first = await start();
    const origin = (await first.h['sandbox:status']({})).origin;
    await first.h['profiles:save'](ProfileInput.parse({ name: 'Mine', fhirBaseUrl: `${origin}/fhir`, authMethod: 'none' }));
    await running.pop()!.dispose();

    const port = Number(new URL(origin).port);
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', () => r()));
    blockers.push(blocker);

    const second = await start(first.dir);
    expect((await second.h['sandbox:status']({})).origin).toBe(origin);
    const started = await second.h['sandbox:start']({});
    expect(started.state).toBe('running');
    expect(started.origin).not.toBe(origin);
    const list = await second.h['profiles:list']({});
    expect(list.filter((p) => p.presetId?.startsWith('sandbox-')).every((p) => p.fhirBaseUrl === `${started.origin}/fhir`)).toBe(true);
    expect(list.find((p) => p.name === 'Mine')!.fhirBaseUrl).toBe(`${origin}/fhir`);
  });
});
