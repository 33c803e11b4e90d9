import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenRun } from '../../../app/contract/index.ts';
import { DEMO_CLIENT_IDS, DEMO_SECRETS } from '../../sandbox/index.ts';
import { createTokenHarness, type TokenHarness } from '../../testing/sandbox-token-harness.ts';

/**
 * Token runs in the run history, through the token service against the sandbox as compose
 * wires it: more than the 50 runs main kept in memory, readable after they left memory, and no
 * secret or raw token in any file of the history.
 */

let h: TokenHarness;
beforeAll(async () => {
  h = await createTokenHarness();
  await h.addProfile({ id: 'basic', authMethod: 'client-credentials-basic', clientId: DEMO_CLIENT_IDS.secret, scopes: 'system/Patient.rs' }, DEMO_SECRETS.secret);
  await h.addProfile({ id: 'app', authMethod: 'auth-code-confidential-basic', clientId: DEMO_CLIENT_IDS.confidentialApp, scopes: 'launch/patient openid fhirUser patient/*.rs offline_access' }, DEMO_SECRETS.confidentialApp);
}, 60_000);
afterAll(async () => { await h?.stop(); });

describe('token runs in the run history', () => {
  it('keeps every run, beyond the 50 the token service follows in memory; the first is still readable', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) ids.push((await h.tokens.start({ profileId: 'basic' })).id);
    await h.runs.flush();
    const listing = await h.runs.list({ profileId: 'basic', limit: 1000 });
    expect(listing.entries.map((e) => e.id)).toEqual(expect.arrayContaining(ids));
    expect(listing.entries[0]).toMatchObject({ kind: 'token', outcome: 'succeeded', title: expect.stringContaining(h.sb.tokenEndpoint) });
    await expect(h.tokens.awaitRun(ids[0]!, 0)).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/run history/) });
    const first = await h.runs.get(ids[0]!);
    expect((first.run as TokenRun)).toMatchObject({ id: ids[0], status: 'succeeded', profileId: 'basic' });
    expect((first.run as TokenRun).steps.map((s) => s.kind)).toContain('token');
  });

  it('a failed run is kept with its diagnosis headline', async () => {
    await h.addProfile({ id: 'wrong', authMethod: 'client-credentials-basic', clientId: DEMO_CLIENT_IDS.secret, scopes: 'system/Patient.rs' }, 'not-the-secret');
    const run = await h.tokens.start({ profileId: 'wrong' });
    await h.runs.flush();
    const [entry] = (await h.runs.list({ profileId: 'wrong' })).entries;
    expect(entry).toMatchObject({ id: run.id, outcome: 'failed', headline: { rule: run.diagnosis?.headline?.rule } });
  });

  it('no secret, code, verifier or raw token is in any file of the history', async () => {
    h.script = {};
    const started = await h.tokens.start({ profileId: 'app' });
    const signedIn = await h.tokens.awaitRun(started.id, 15_000);
    expect(signedIn.status, signedIn.error?.message).toBe('succeeded');
    const values = ['access_token', 'refresh_token', 'id_token'].map((k) => h.tokens.reveal('app', k as 'access_token').value);
    await h.tokens.refresh('app');
    values.push(h.tokens.reveal('app', 'access_token').value, h.tokens.reveal('app', 'refresh_token').value);
    await h.tokens.start({ profileId: 'basic' });
    values.push(h.tokens.reveal('basic', 'access_token').value, DEMO_SECRETS.secret, DEMO_SECRETS.confidentialApp);
    await h.runs.flush();
    const folder = join(h.dataDir, 'runs');
    const text = (await Promise.all((await readdir(folder)).map((f) => readFile(join(folder, f), 'utf8')))).join('\n');
    expect(text).toContain(signedIn.id);
    for (const v of values) {
      expect(v.length).toBeGreaterThan(8);
      expect(text.includes(v), `a secret of ${v.length} characters is in the run history`).toBe(false);
      // Nor a JWT's signature on its own.
      const sig = v.split('.')[2];
      if (sig && sig.length > 20) expect(text.includes(sig)).toBe(false);
    }
  });
});
