import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../../app/conformance/index.ts';
import { inspectAssertion } from '../../../app/conformance/index.ts';
import { ProfileInput, sandboxProfiles } from '../../../app/profiles/index.ts';
import { DEMO_CLIENT_IDS, DEMO_SECRETS } from '../../sandbox/index.ts';
import { createTokenHarness, type TokenHarness } from '../../testing/sandbox-token-harness.ts';

/**
 * Self-check (issue 14): every flow the app runs against its own sandbox, with the app's
 * defaults (the profiles a fresh install holds, sandbox-profiles.ts), produces no warning
 * or error about what the app itself sent. A finding about the request (the assertion, the token
 * request, the authorize request, PKCE, the redirect URI, the scope asked for, how the token was
 * presented, the app's own key) would be the app contradicting its own checks.
 *
 * Left out on purpose: findings about the server's answers (TOKRESP-*, IDT-*, AT-*, DISC-*,
 * SCOPE-GRANTED-*), which are the sandbox's to get right and are checked elsewhere.
 */

/** Rules about what the client sent. */
const ABOUT_THE_REQUEST = /^(ASSERT|TOKREQ|AUTHZ|PKCE|REDIR|BEARER|KEY|JWKS)-|^SCOPE-(?!GRANTED-)/;
/**
 * TOKREQ-SYMMETRIC-BACKEND (SMART Backend Services asks for an asymmetric key) is kept out: it
 * remarks on the method the "Sandbox: client secret" profile exists to demonstrate, not on how the
 * app sent the request; the app's backend default is private_key_jwt, checked in full above it.
 */
const CHOSEN_METHOD = new Set(['TOKREQ-SYMMETRIC-BACKEND']);
const complaints = (findings: Finding[]) => findings.filter((f) => f.severity !== 'info' && ABOUT_THE_REQUEST.test(f.rule) && !CHOSEN_METHOD.has(f.rule)).map((f) => `${f.rule}: ${f.message}`);

let h: TokenHarness;
const ids = { backend: 'sandbox-backend', secret: 'sandbox-secret', pkce: 'sandbox-pkce', 'asymmetric-app': 'sandbox-asymmetric-app' } as const;

beforeAll(async () => {
  h = await createTokenHarness();
  // As the app's first run does (sandbox-bootstrap.ts): an ES384 key, registered for the backend client.
  const key = await h.keys.generate({ alg: 'ES384', name: 'Sandbox backend client key' });
  await h.sb.registerClient({
    client_id: DEMO_CLIENT_IDS.backend, token_endpoint_auth_method: 'private_key_jwt', grant_types: ['client_credentials'], response_types: [], redirect_uris: [],
    jwks: (await h.keys.getPublicJwks(key.id)) as unknown as { keys: [] },
  });
  await h.sb.registerClient({
    client_id: DEMO_CLIENT_IDS.asymmetricApp, application_type: 'native', token_endpoint_auth_method: 'private_key_jwt', grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'], redirect_uris: ['http://127.0.0.1/callback'], sandbox_loopback_redirects: true, jwks: (await h.keys.getPublicJwks(key.id)) as unknown as { keys: [] },
  });
  const defaults = sandboxProfiles({
    fhirBaseUrl: h.sb.fhirBaseUrl, backendClientId: DEMO_CLIENT_IDS.backend, backendKeyId: key.id, secretClientId: DEMO_CLIENT_IDS.secret,
    publicAppClientId: DEMO_CLIENT_IDS.publicApp, asymmetricAppClientId: DEMO_CLIENT_IDS.asymmetricApp,
  });
  expect(defaults.map((p) => p.presetId)).toEqual(Object.values(ids));
  for (const p of defaults) {
    const id = ids[p.presetId?.replace('sandbox-', '') as keyof typeof ids];
    await h.profiles.save(ProfileInput.parse({ ...p, id }));
    if (id === ids.secret) h.secrets.set(id, DEMO_SECRETS.secret);
  }
}, 60_000);
afterAll(async () => { await h?.stop(); });

async function signIn(profileId: string, launch?: string) {
  h.script = {};
  const started = await h.tokens.start({ profileId, ...(launch ? { launch } : {}) });
  expect(started.status, started.error?.message).toBe('awaiting-browser');
  // The authorize request's own checks run before the browser opens.
  expect(complaints(started.findings)).toEqual([]);
  return h.tokens.awaitRun(started.id, 15_000);
}

/** Every activity entry of the profile: the diagnosis main recorded finds nothing wrong with the request. */
async function loggedComplaints(profileId: string): Promise<string[]> {
  const entries = await h.activity.list({ profileId });
  const out: string[] = [];
  for (const e of entries) {
    const full = await h.activity.get(e.id);
    out.push(...complaints(full.diagnosis?.findings ?? []).map((c) => `${e.purpose} ${e.url}: ${c}`));
  }
  return out;
}

describe('self-check: the app\'s defaults against its own sandbox', () => {
  it('backend services (private_key_jwt, ES384, default assertion lifetime)', async () => {
    const run = await h.tokens.start({ profileId: ids.backend });
    expect(run.status, run.error?.message).toBe('succeeded');
    expect(complaints(run.findings)).toEqual([]);
    expect(run.diagnosis?.outcome).toBe('ok');
    expect(await loggedComplaints(ids.backend)).toEqual([]);
  });

  it('client credentials with the client secret (Basic)', async () => {
    const run = await h.tokens.start({ profileId: ids.secret });
    expect(run.status, run.error?.message).toBe('succeeded');
    expect(complaints(run.findings)).toEqual([]);
    expect(await loggedComplaints(ids.secret)).toEqual([]);
  });

  it('SMART app: standalone launch with PKCE, then refresh, then revoke', async () => {
    const run = await signIn(ids.pkce);
    expect(run.status, run.error?.message).toBe('succeeded');
    expect(complaints(run.findings)).toEqual([]);
    const refreshed = await h.tokens.refresh(ids.pkce);
    expect(refreshed.status, refreshed.error?.message).toBe('succeeded');
    expect(complaints(refreshed.findings)).toEqual([]);
    const revoked = await h.tokens.revoke(ids.pkce, 'all');
    expect(revoked.revoked.length).toBeGreaterThan(0);
    expect(complaints(revoked.findings)).toEqual([]);
    expect(await loggedComplaints(ids.pkce)).toEqual([]);
  });

  it('SMART app with private_key_jwt: sign-in (the code exchange signs an assertion), then refresh', async () => {
    const run = await signIn(ids['asymmetric-app']);
    expect(run.status, run.error?.message).toBe('succeeded');
    expect(run.steps.map((s) => s.kind)).toContain('assertion');
    expect(complaints(run.findings)).toEqual([]);
    const refreshed = await h.tokens.refresh(ids['asymmetric-app']);
    expect(refreshed.status, refreshed.error?.message).toBe('succeeded');
    expect(complaints(refreshed.findings)).toEqual([]);
    expect(await loggedComplaints(ids['asymmetric-app'])).toEqual([]);
  });

  it('SMART app: EHR launch', async () => {
    const { launch } = await h.tokens.sandboxLaunch(ids.pkce, 'ben-baker');
    const run = await signIn(ids.pkce, launch);
    expect(run.status, run.error?.message).toBe('succeeded');
    expect(complaints(run.findings)).toEqual([]);
  });

  it('the default assertion lifetime sits inside the app\'s own clock-skew rules', async () => {
    // Read from the schema, not a constant: whatever the default becomes, the app must not warn about itself.
    const lifetime = ProfileInput.parse({ name: 'x', fhirBaseUrl: 'https://x.test', authMethod: 'client-credentials-jwt', clientId: 'c' }).assertion.lifetimeSeconds;
    const run = await h.tokens.start({ profileId: ids.backend });
    const payload = run.steps.find((s) => s.kind === 'assertion')?.assertion?.payload ?? {};
    const now = Number(payload['iat'] ?? Math.floor(Date.now() / 1000));
    expect(Number(payload['exp']) - now).toBe(lifetime);
    // The assertion as the app builds it, inspected with the default skew and without a sandbox.
    const header = run.steps.find((s) => s.kind === 'assertion')?.assertion?.header ?? {};
    const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const findings = await inspectAssertion({ jwt: `${enc(header)}.${enc(payload)}.c2ln`, flow: 'backend', clientId: DEMO_CLIENT_IDS.backend, tokenEndpoint: h.sb.tokenEndpoint }, { now });
    expect(findings.filter((f) => f.rule.startsWith('ASSERT-EXP') || f.rule === 'ASSERT-LIFETIME-LONG')).toEqual([]);
  });
});
