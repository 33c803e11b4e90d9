import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnose } from '../../app/diagnosis/index.ts';
import { DEMO_CLIENT_IDS, DEMO_SECRETS, FAILURE_MODES } from '../../main/sandbox/index.ts';
import { createTokenHarness, type TokenHarness } from '../../main/testing/sandbox-token-harness.ts';
import { capture } from './exchange-capture.ts';

/**
 * The built-in sandbox's failure simulations (main/sandbox/failure-simulation), each induced
 * through the app (the token service, as the Tokens area runs it) or, for the FHIR API, with the
 * token the app obtained, and each diagnosed with the right headline.
 *
 * clock-skew makes nothing fail: the run succeeds and reports the skew, so its diagnosis is 'ok'.
 */

let h: TokenHarness;
beforeAll(async () => { h = await createTokenHarness({ tokenTimeoutMs: 1500 }); }, 60_000);
afterAll(async () => { await h?.stop(); });

/** A client_secret_basic profile whose token endpoint carries the failure mode. */
async function profileFailing(id: string, mode: string) {
  await h.addProfile({ id, authMethod: 'client-credentials-basic', clientId: DEMO_CLIENT_IDS.secret, scopes: 'system/Patient.rs', tokenEndpoint: `${h.sb.tokenEndpoint}?sandbox_fail=${mode}` }, DEMO_SECRETS.secret);
}

const tokenModes: [string, string][] = [
  ['invalid_client', 'ERR-INVALID-CLIENT'],
  ['invalid_grant', 'ERR-INVALID-GRANT'],
  ['invalid_scope', 'ERR-INVALID-SCOPE'],
  ['server-error', 'ERR-SERVER-ERROR'],
  ['server-error=503', 'ERR-TEMPORARILY-UNAVAILABLE'],
  ['slow=4000', 'NET-TIMEOUT'],
];

describe('sandbox failure simulations at the token endpoint, through a token run', () => {
  it.each(tokenModes)('%s -> %s', async (mode, rule) => {
    const id = `fail-${mode.replace(/\W/g, '-')}`;
    await profileFailing(id, mode);
    const run = await h.tokens.start({ profileId: id });
    expect(run.status).toBe('failed');
    expect(run.diagnosis?.headline?.rule).toBe(rule);
    expect(run.findings[0]).toEqual(run.diagnosis?.headline);
    // The activity log entry of the token request shows the same headline.
    const entry = (await h.activity.list({ profileId: id })).find((e) => e.purpose === 'token');
    expect(entry?.headline?.rule).toBe(rule);
  });

  it('clock-skew: the run succeeds, reports the skew, and the diagnosis is ok', async () => {
    await profileFailing('fail-skew', 'clock-skew=-900');
    const run = await h.tokens.start({ profileId: 'fail-skew' });
    expect(run.status).toBe('succeeded');
    expect(run.diagnosis?.outcome).toBe('ok');
    expect(Math.abs((run.clockSkewSeconds ?? 0) + 900)).toBeLessThanOrEqual(2);
  });
});

describe('sandbox failure simulations of discovery', () => {
  const fetchDoc = (path: string, mode?: string) => capture('discovery', { url: `${h.sb.fhirBaseUrl}${path}`, headers: { accept: 'application/json', ...(mode ? { 'x-sandbox-fail': mode } : {}) } }, { context: { fhirBaseUrl: h.sb.fhirBaseUrl } });

  it('no-smart-configuration: the SMART configuration answers 404 -> ERR-ENDPOINT-NOT-FOUND', async () => {
    const d = await diagnose(await fetchDoc('/.well-known/smart-configuration', 'no-smart-configuration'));
    expect(d).toMatchObject({ outcome: 'failed', headline: { rule: 'ERR-ENDPOINT-NOT-FOUND' } });
  });

  it('no-oauth-uris: a CapabilityStatement without SMART\'s oauth-uris -> DISC-CS-OAUTH-URIS (a warning; the exchange itself succeeded)', async () => {
    const d = await diagnose(await fetchDoc('/metadata', 'no-oauth-uris'));
    expect(d).toMatchObject({ outcome: 'ok', headline: { rule: 'DISC-CS-OAUTH-URIS', severity: 'warning' } });
    // Without the mode the sandbox's CapabilityStatement declares them, and nothing is worth a headline.
    const fine = await diagnose(await fetchDoc('/metadata'));
    expect(fine.outcome).toBe('ok');
    expect(fine.causes.filter((c) => c.severity !== 'info')).toEqual([]);
  });
});

describe('sandbox failure simulations at the FHIR API, with the token the app got', () => {
  async function tokenFor(id: string, mode?: string) {
    if (mode) await profileFailing(id, mode);
    else await h.addProfile({ id, authMethod: 'client-credentials-basic', clientId: DEMO_CLIENT_IDS.secret, scopes: 'system/Patient.rs' }, DEMO_SECRETS.secret);
    const run = await h.tokens.start({ profileId: id });
    expect(run.status, run.error?.message).toBe('succeeded');
    return h.tokens.reveal(id, 'access_token').value;
  }

  it('expired-token -> AT-EXPIRED-AT-USE', async () => {
    const token = await tokenFor('fhir-expired', 'expired-token');
    const x = await capture('fhir', { url: `${h.sb.fhirBaseUrl}/Patient?_count=1`, headers: { authorization: `Bearer ${token}`, accept: 'application/fhir+json' } });
    expect(x.response?.status).toBe(401);
    expect((await diagnose(x)).headline?.rule).toBe('AT-EXPIRED-AT-USE');
  });

  it('fhir-401 (a valid token refused) -> ERR-INVALID-TOKEN', async () => {
    const token = await tokenFor('fhir-401');
    const x = await capture('fhir', { url: `${h.sb.fhirBaseUrl}/Patient?_count=1`, headers: { authorization: `Bearer ${token}`, accept: 'application/fhir+json', 'x-sandbox-fail': 'fhir-401' } });
    expect(x.response?.status).toBe(401);
    expect((await diagnose(x)).headline?.rule).toBe('ERR-INVALID-TOKEN');
  });

  it('server-error on the FHIR API and the bulk kick-off -> ERR-SERVER-ERROR', async () => {
    const token = await tokenFor('fhir-500');
    const fhir = await capture('fhir', { url: `${h.sb.fhirBaseUrl}/Patient?_count=1`, headers: { authorization: `Bearer ${token}`, accept: 'application/fhir+json', 'x-sandbox-fail': 'server-error' } });
    expect((await diagnose(fhir)).headline?.rule).toBe('ERR-SERVER-ERROR');
    const bulk = await capture('bulk-kickoff', { url: `${h.sb.fhirBaseUrl}/Patient/$export`, headers: { authorization: `Bearer ${token}`, accept: 'application/fhir+json', prefer: 'respond-async', 'x-sandbox-fail': 'server-error=503' } });
    expect((await diagnose(bulk)).headline?.rule).toBe('ERR-TEMPORARILY-UNAVAILABLE');
  });

  it('covers every failure mode the sandbox has', () => {
    const covered = new Set(['invalid_client', 'invalid_grant', 'invalid_scope', 'server-error', 'slow', 'clock-skew', 'expired-token', 'fhir-401', 'no-smart-configuration', 'no-oauth-uris']);
    expect(FAILURE_MODES.map((m) => m.name).filter((n) => !covered.has(n))).toEqual([]);
  });
});
