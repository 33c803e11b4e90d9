import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REDACTED } from '../../../app/activity/redact.ts';
import type { ConsoleRequest } from '../../../app/contract/console.ts';
import { AppFailure } from '../../../app/result/result.ts';
import { startSandbox, type Sandbox } from '../../sandbox/index.ts';
import { mainKit, makeProfile, profileLookup, SandboxTokens, type MainKit } from '../../testing/console-test-kit.ts';
import type { TokenProvider } from '../tokens/token-provider.ts';
import { FhirConsoleService } from './console-service.ts';

/**
 * The console's diagnosis of failed requests against a started sandbox: diagnose()'s headline
 * leads (the explanation of a 401 / 403, or what the token sent explains), the request and token
 * checks follow, successes stay quiet, and no token value reaches what the renderer gets.
 */
let sb: Sandbox;
beforeAll(async () => { sb = await startSandbox(); }, 60_000);
afterAll(async () => { await sb.stop(); });

let kit: MainKit;
let service: FhirConsoleService;
let tokens: SandboxTokens;
// The sandbox stamps tokens and Date headers with the real clock: each test pins main's clock to its start.
let now = 0;
const start = (provider: TokenProvider, fhirBaseUrl = sb.fhirBaseUrl) => {
  service = new FhirConsoleService({
    dataDir: kit.dataDir, clock: { now: () => now }, http: kit.http, log: kit.log, tokens: provider,
    profiles: profileLookup(makeProfile({ id: 'sbx', name: 'Sandbox', fhirBaseUrl })),
  });
  return service.init();
};
beforeEach(async () => {
  now = Date.now();
  kit = mainKit();
  tokens = new SandboxTokens(sb);
  await start(tokens);
});
afterEach(async () => {
  await service.dispose();
  await kit.cleanup();
});

let n = 0;
const send = (req: Partial<ConsoleRequest> & { path: string }) => service.send({
  profileId: 'sbx', method: 'GET', requestId: `d${++n}`, query: [], headers: [], token: 'profile', ...req,
});
/** No 8-character piece of the token anywhere in the text. */
const leaks = (text: string, token: string) => Array.from({ length: token.length - 7 }, (_, i) => token.slice(i, i + 8)).filter((piece) => text.includes(piece));

describe('FhirConsoleService diagnosis', () => {
  it('explains a 401 invalid_token (sandbox fhir-401) with ERR-INVALID-TOKEN and the request checks, token scrubbed', async () => {
    const res = await send({ path: 'Patient?sandbox_fail=fhir-401' });
    expect(res.status).toBe(401);
    expect(res.token).toMatchObject({ kind: 'attached', renewedAfter401: true });
    const findings = res.diagnosis?.findings ?? [];
    expect(res.diagnosis?.headline?.rule).toBe('ERR-INVALID-TOKEN');
    expect(findings[0]).toEqual(res.diagnosis?.headline);
    expect(findings[0]?.message).toMatch(/invalid_token.*HTTP 401.*fhir-401/);
    expect(findings[0]?.explanation).toMatch(/expired/);
    // The sandbox's token is sound and sent as "Bearer <token>": the request and token checks find nothing.
    expect(findings.map((f) => f.rule)).toEqual(['ERR-INVALID-TOKEN']);
    expect(res.diagnosis?.clockSkewSeconds).toBeGreaterThanOrEqual(-2);
    expect(res.diagnosis?.clockSkewSeconds).toBeLessThanOrEqual(5);
    const token = tokens.current ?? '';
    expect(token.length).toBeGreaterThan(20);
    expect(leaks(JSON.stringify(res), token)).toEqual([]);
  });

  it('puts the expired token first when the token sent had expired (AT-EXPIRED-AT-USE), then invalid_token', async () => {
    // The sandbox's expired-token mode issues tokens whose exp lies an hour back.
    let last = '';
    const expired: TokenProvider = {
      getAccessToken: async () => {
        const res = await fetch(sb.tokenEndpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-sandbox-fail': 'expired-token', authorization: `Basic ${Buffer.from('demo-secret-client:demo-secret-client-secret').toString('base64')}` },
          body: 'grant_type=client_credentials&scope=system%2F*.rs',
        });
        const json = (await res.json()) as { access_token: string; token_type: string; scope: string };
        last = json.access_token;
        return { accessToken: json.access_token, tokenType: json.token_type, scope: json.scope };
      },
    };
    await start(expired);
    const res = await send({ path: 'Patient' });
    expect(res.status).toBe(401);
    expect(res.diagnosis?.headline).toMatchObject({ rule: 'AT-EXPIRED-AT-USE', severity: 'error', message: expect.stringMatching(/had expired at/) });
    const invalidToken = res.diagnosis?.causes.find((f) => f.rule === 'ERR-INVALID-TOKEN');
    expect(invalidToken?.explanation).toMatch(/most likely first:\n1\. the access token expired/);
    expect(leaks(JSON.stringify(res), last)).toEqual([]);
  });

  it('explains a 403 for a scope that does not cover the interaction with ERR-INSUFFICIENT-SCOPE', async () => {
    tokens = new SandboxTokens(sb, 'system/Patient.rs');
    await start(tokens);
    const res = await send({ path: 'Observation' });
    expect(res.status).toBe(403);
    const main = res.diagnosis?.headline;
    expect(main?.rule).toBe('ERR-INSUFFICIENT-SCOPE');
    expect(main?.message).toMatch(/insufficient_scope.*HTTP 403/);
    expect(main?.explanation).toMatch(/granted scope lacks this resource type/);
    expect(res.token).toMatchObject({ kind: 'attached', scope: 'system/Patient.rs', renewedAfter401: false });
    expect(leaks(JSON.stringify(res), tokens.current ?? '')).toEqual([]);
  });

  it('adds nothing to a success', async () => {
    const res = await send({ path: 'Patient' });
    expect(res.status).toBe(200);
    expect(res.diagnosis).toBeUndefined();
    expect('diagnosis' in res).toBe(false);
  });

  it('measures the server clock from the Date header', async () => {
    const res = await send({ path: 'Patient', query: [{ name: 'sandbox_fail', value: 'fhir-401,clock-skew=600', enabled: true }] });
    expect(res.status).toBe(401);
    expect(res.diagnosis?.clockSkewSeconds).toBeGreaterThanOrEqual(598);
    expect(res.diagnosis?.clockSkewSeconds).toBeLessThanOrEqual(605);
  });

  it('puts the scheme of a typed non-Bearer Authorization header first, its credential scrubbed', async () => {
    const res = await send({ path: 'Patient', headers: [{ name: 'Authorization', value: 'Token typed-secret-value-123', enabled: true }] });
    expect(res.status).toBe(401);
    expect(res.token.kind).toBe('none');
    // "Token x" is no Bearer token: the header's scheme explains the invalid_token the sandbox gave.
    expect(res.diagnosis?.causes.map((f) => f.rule)).toEqual(['BEARER-SCHEME', 'ERR-INVALID-TOKEN']);
    expect(res.diagnosis?.headline?.message).toMatch(/scheme "Token" instead of "Bearer"/);
    const text = JSON.stringify(res.diagnosis);
    expect(text).not.toContain('typed-secret-value-123');
    expect(text).toContain(REDACTED);
  });

  it('scrubs the token from a finding that quotes the Authorization header', async () => {
    // A "DPoP" token type makes the header non-canonical: BEARER-SCHEME quotes its start.
    await start({ getAccessToken: async (id, opts) => ({ ...(await tokens.getAccessToken(id, opts)), tokenType: 'DPoP' }) });
    const res = await send({ path: 'Patient' });
    expect(res.status).toBe(401);
    const scheme = res.diagnosis?.findings.find((f) => f.rule === 'BEARER-SCHEME');
    expect(scheme?.message).toContain(`DPoP ${REDACTED}`);
    expect(leaks(JSON.stringify(res), tokens.current ?? '')).toEqual([]);
  });

  it('adds the checks of what was sent to a transport failure, without the token', async () => {
    // Nothing listens on port 9; the sandbox token's aud names the sandbox, not this base.
    await start(tokens, 'http://127.0.0.1:9/fhir');
    const err = await send({ path: 'Patient' }).then(() => undefined, (e: unknown) => e as AppFailure);
    expect(err).toBeInstanceOf(AppFailure);
    expect(err?.code).toBe('NETWORK');
    expect(err?.message).toMatch(/Diagnosis: NET-REFUSED: .*ECONNREFUSED/);
    expect(err?.message).toMatch(/Also wrong in what was sent: .*AT-JWT-AUD/);
    expect(leaks(err?.message ?? '', tokens.current ?? '')).toEqual([]);
  });
});
