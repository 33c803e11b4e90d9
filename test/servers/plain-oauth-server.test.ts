import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnose } from '../../app/diagnosis/index.ts';
import { induceExpiredToken, induceLateFailures, inducePlainFailures, startFailureServer, type InducedFailure } from './plain-oauth-failures.ts';

/**
 * Failures induced live against oidc-provider configured as a plain OAuth server: each is
 * diagnosed with the headline a developer needs first (the rule the failure calls for), and the
 * ranking rules of diagnosis-api.md hold on every one of them.
 */

let failures: InducedFailure[] = [];

beforeAll(async () => {
  const { server, clients } = await startFailureServer();
  failures = await inducePlainFailures(server, clients);
  failures.push(await induceExpiredToken());
  failures.push(...(await induceLateFailures(server)));
}, 60_000);

describe('live failures against a plain oidc-provider', () => {
  it('induces every failure (each answered as expected by the server)', () => {
    expect(failures.length).toBeGreaterThanOrEqual(30);
    for (const f of failures) {
      const failed = f.input.networkError !== undefined || (f.input.response?.status ?? 0) >= 400;
      expect(failed, `${f.name}: ${f.input.response?.status} ${f.input.response?.body}`).toBe(true);
    }
  });

  it('gives each one the right headline', async () => {
    const wrong: string[] = [];
    for (const f of failures) {
      const d = await diagnose(f.input, { now: f.now });
      expect(d.outcome, f.name).toBe('failed');
      expect(d.causes[0], f.name).toBe(d.headline);
      if (d.headline?.rule !== f.expected) wrong.push(`${f.name}: expected ${f.expected}, got ${d.headline?.rule} (${d.causes.map((c) => c.rule).join(', ')})`);
    }
    expect(wrong).toEqual([]);
  });

  it('never puts a remark about the server\'s form first while it named an error code', async () => {
    for (const f of failures.filter((x) => x.input.response?.body?.includes('"error"'))) {
      const d = await diagnose(f.input, { now: f.now });
      expect(['ERR-STATUS-MISMATCH', 'ERR-DESCRIPTION-MISSING', 'ERR-NONSTANDARD-CODE'], f.name).not.toContain(d.headline?.rule);
    }
  });

  it('blames no assertion where none was sent, and no token where none was presented', async () => {
    for (const f of failures) {
      const d = await diagnose(f.input, { now: f.now });
      const body = f.input.request.body ?? '';
      if (!body.includes('client_assertion=')) expect(d.causes.filter((c) => c.rule.startsWith('ASSERT-')), f.name).toEqual([]);
      if (!f.input.request.headers['authorization']?.startsWith('Bearer')) expect(d.causes.filter((c) => ['AT-EXPIRED-AT-USE', 'ERR-INVALID-TOKEN'].includes(c.rule)), f.name).toEqual([]);
    }
  });

  it('names the endpoint in the explanation of an introspection or revocation refusal', async () => {
    for (const f of failures.filter((x) => x.input.endpoint === 'introspection' || x.input.endpoint === 'revocation')) {
      const d = await diagnose(f.input, { now: f.now });
      expect(d.headline?.message, f.name).toContain(`${f.input.endpoint} endpoint`);
      expect(d.headline?.explanation ?? '', f.name).not.toMatch(/assertion/i);
    }
  });
});
