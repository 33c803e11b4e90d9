import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../index.ts';
import { authorize, basicAuth, exchangeCode, fhirGet, pkcePair, postForm } from '../testing/sandbox-test-kit.ts';

const PUBLIC = 'demo-public-app';
const CONFIDENTIAL = 'demo-confidential-app';
const CONFIDENTIAL_SECRET = 'demo-confidential-app-secret';
const REDIRECT = 'http://127.0.0.1:53123/callback';
const STANDALONE = 'launch/patient openid fhirUser offline_access patient/*.read';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.stop();
});

async function standaloneTokens(scope = STANDALONE, extra: Partial<Parameters<typeof authorize>[1]> = {}) {
  const run = await authorize(sb, { clientId: PUBLIC, scope, redirectUri: REDIRECT, ...extra });
  expect(run.stoppedAt).toBeUndefined();
  expect(run.redirect?.searchParams.get('state')).toBe(run.state);
  const tokens = await exchangeCode(sb, { code: run.code ?? '', redirectUri: REDIRECT, verifier: run.verifier, clientId: PUBLIC });
  expect(tokens.status).toBe(200);
  return { run, tokens: tokens.json };
}

describe('standalone launch (public client, PKCE S256)', () => {
  it('walks login, patient picker and consent, and returns SMART context and tokens', async () => {
    const { run, tokens } = await standaloneTokens();
    expect(run.pages.map((p) => /<h1>([^<]*)<\/h1>/.exec(p)?.[1])).toEqual(['Sign in to the FHIR sandbox', 'Select a patient', 'Authorize access']);
    expect(run.pages[0]).toContain('<label for="username">Username</label>');
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3600, patient: 'ana-alvarez', need_patient_banner: true, scope: STANDALONE });
    expect(typeof tokens.refresh_token).toBe('string');

    const jwks = createLocalJWKSet(await (await fetch(sb.jwksUri)).json());
    const at = await jwtVerify(String(tokens.access_token), jwks, { issuer: sb.issuer, audience: sb.fhirBaseUrl, typ: 'at+jwt' });
    expect(at.payload).toMatchObject({ scope: STANDALONE, patient: 'ana-alvarez', client_id: PUBLIC, sub: 'user-clinician' });
    const idt = await jwtVerify(String(tokens.id_token), jwks, { issuer: sb.issuer, audience: PUBLIC });
    expect(idt.payload.fhirUser).toBe(`${sb.fhirBaseUrl}/Practitioner/practitioner-alex-smart`);
    expect(idt.protectedHeader.alg).toBe('RS256');

    const me = await fhirGet(sb, '/Patient/ana-alvarez', String(tokens.access_token));
    expect(me.status).toBe(200);
  });

  it('accepts the public app on any loopback port and path', async () => {
    const redirectUri = 'http://127.0.0.1:61999/oauth/done';
    const run = await authorize(sb, { clientId: PUBLIC, scope: 'launch/patient patient/Patient.rs', redirectUri });
    expect(run.code).toBeTruthy();
    const t = await exchangeCode(sb, { code: run.code ?? '', redirectUri, verifier: run.verifier, clientId: PUBLIC });
    expect(t.status).toBe(200);
  });

  it('rejects a reused authorization code with invalid_grant and revokes what it issued', async () => {
    const run = await authorize(sb, { clientId: PUBLIC, scope: STANDALONE, redirectUri: REDIRECT });
    const first = await exchangeCode(sb, { code: run.code ?? '', redirectUri: REDIRECT, verifier: run.verifier, clientId: PUBLIC });
    expect(first.status).toBe(200);
    const second = await exchangeCode(sb, { code: run.code ?? '', redirectUri: REDIRECT, verifier: run.verifier, clientId: PUBLIC });
    expect(second.status).toBe(400);
    expect(second.json.error).toBe('invalid_grant');
    expect((await fhirGet(sb, '/Patient/ana-alvarez', String(first.json.access_token))).status).toBe(401);
  });

  it('refuses authorize requests without PKCE or with the plain method', async () => {
    const absent = await authorize(sb, { clientId: PUBLIC, scope: STANDALONE, redirectUri: REDIRECT, extraParams: { code_challenge: undefined, code_challenge_method: undefined } });
    expect(absent.redirect?.searchParams.get('error')).toBe('invalid_request');
    const pkce = pkcePair();
    const plain = await authorize(sb, { clientId: PUBLIC, scope: STANDALONE, redirectUri: REDIRECT, extraParams: { code_challenge: pkce.verifier, code_challenge_method: 'plain' } });
    expect(plain.redirect?.searchParams.get('error')).toBe('invalid_request');
    expect(plain.code).toBeUndefined();
  });

  it('refuses a token request with a wrong or missing code_verifier', async () => {
    for (const verifier of [pkcePair().verifier, undefined]) {
      const run = await authorize(sb, { clientId: PUBLIC, scope: STANDALONE, redirectUri: REDIRECT });
      const t = await exchangeCode(sb, { code: run.code ?? '', redirectUri: REDIRECT, verifier, clientId: PUBLIC });
      expect(t.status).toBe(400);
      expect(t.json.error).toBe('invalid_grant');
    }
  });

  it('refreshes with the same patient context and refuses a broader scope', async () => {
    const { tokens } = await standaloneTokens();
    const refreshed = await postForm(sb.tokenEndpoint, { grant_type: 'refresh_token', refresh_token: String(tokens.refresh_token), client_id: PUBLIC });
    expect(refreshed.status).toBe(200);
    expect(refreshed.json).toMatchObject({ patient: 'ana-alvarez', scope: STANDALONE });
    expect(refreshed.json.access_token).not.toBe(tokens.access_token);
    const broader = await postForm(sb.tokenEndpoint, {
      grant_type: 'refresh_token', refresh_token: String(refreshed.json.refresh_token), client_id: PUBLIC, scope: 'patient/*.read user/*.read',
    });
    expect(broader.status).toBe(400);
    expect(broader.json.error).toBe('invalid_scope');
  });

  it('introspects and revokes the JWT access token', async () => {
    const { tokens } = await standaloneTokens();
    const token = String(tokens.access_token);
    const active = await postForm(sb.introspectionEndpoint, { token }, basicAuth(CONFIDENTIAL, CONFIDENTIAL_SECRET));
    expect(active.json).toMatchObject({ active: true, scope: STANDALONE, patient: 'ana-alvarez', client_id: PUBLIC, aud: sb.fhirBaseUrl });
    const claims = decodeJwt(token);
    expect([active.json.exp, active.json.iat, active.json.sub]).toEqual([claims.exp, claims.iat, claims.sub]);
    const revoked = await postForm(sb.revocationEndpoint, { token, client_id: PUBLIC });
    expect(revoked.status).toBe(200);
    const after = await postForm(sb.introspectionEndpoint, { token }, basicAuth(CONFIDENTIAL, CONFIDENTIAL_SECRET));
    expect(after.json).toEqual({ active: false });
    const fhir = await fhirGet(sb, '/Patient/ana-alvarez', token);
    expect(fhir.status).toBe(401);
    expect(fhir.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('grants only the scopes left ticked on the consent page', async () => {
    const { tokens } = await standaloneTokens('launch/patient patient/Patient.rs patient/Observation.rs', { untick: ['patient/Observation.rs'] });
    expect(tokens.scope).toBe('launch/patient patient/Patient.rs');
    expect((await fhirGet(sb, '/Observation', String(tokens.access_token))).status).toBe(403);
  });

  it('uses the patient-portal user as their own patient context (no picker)', async () => {
    const { run, tokens } = await standaloneTokens(STANDALONE, { username: 'patient' });
    expect(run.pages.some((p) => p.includes('Select a patient'))).toBe(false);
    expect(tokens.patient).toBe('ana-alvarez');
    expect(decodeJwt(String(tokens.id_token)).fhirUser).toBe(`${sb.fhirBaseUrl}/Patient/ana-alvarez`);
  });

  it('shows the login page again, with an error, for a wrong password', async () => {
    const run = await authorize(sb, { clientId: PUBLIC, scope: STANDALONE, redirectUri: REDIRECT, password: 'nope' });
    expect(run.stoppedAt?.status).toBe(401);
    expect(run.stoppedAt?.body).toContain('wrong password');
  });
});

describe('authorize request rejections', () => {
  it('rejects an aud that is not the FHIR base', async () => {
    const run = await authorize(sb, { clientId: PUBLIC, scope: STANDALONE, redirectUri: REDIRECT, extraParams: { aud: 'https://other.example/fhir' } });
    expect(run.redirect?.searchParams.get('error')).toBe('invalid_request');
    expect(run.redirect?.searchParams.get('error_description')).toContain('aud');
  });

  it('rejects unknown resource types and system/ scopes with invalid_scope', async () => {
    for (const scope of ['launch/patient patient/Nonsense.read', 'launch/patient system/Patient.rs', 'patient/Observation.rsx']) {
      const run = await authorize(sb, { clientId: PUBLIC, scope, redirectUri: REDIRECT });
      expect(run.redirect?.searchParams.get('error'), scope).toBe('invalid_scope');
    }
  });

  it('returns access_denied when the user denies consent', async () => {
    const run = await authorize(sb, { clientId: PUBLIC, scope: STANDALONE, redirectUri: REDIRECT, deny: true });
    expect(run.redirect?.searchParams.get('error')).toBe('access_denied');
  });
});

describe('EHR launch', () => {
  it('binds the launch to the EHR patient and encounter, with no picker', async () => {
    const issued = await fetch(`${sb.origin}/sandbox/launch`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ patient: 'ben-baker', encounter: 'ben-baker-encounter-1' }),
    });
    expect(issued.status).toBe(201);
    const { launch, iss } = (await issued.json()) as { launch: string; iss: string };
    expect(iss).toBe(sb.fhirBaseUrl);
    const { run, tokens } = await standaloneTokens('launch openid fhirUser patient/*.rs', { launch });
    expect(run.pages.some((p) => p.includes('Select a patient'))).toBe(false);
    expect(tokens).toMatchObject({ patient: 'ben-baker', encounter: 'ben-baker-encounter-1', need_patient_banner: false });
    expect((await fhirGet(sb, '/Observation/ben-baker-hba1c-1', String(tokens.access_token))).status).toBe(200);
    expect((await fhirGet(sb, '/Observation/ana-alvarez-hba1c-1', String(tokens.access_token))).status).toBe(403);
  });

  it('rejects an unknown launch value and an unknown patient', async () => {
    const run = await authorize(sb, { clientId: PUBLIC, scope: 'launch openid', redirectUri: REDIRECT, launch: 'not-issued-here' });
    expect(run.redirect?.searchParams.get('error')).toBe('invalid_request');
    const bad = await postForm(`${sb.origin}/sandbox/launch`, { patient: 'nobody' });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toBe('invalid_request');
  });

  it('redirects from the EHR simulator page to the app with iss and launch', async () => {
    const res = await fetch(`${sb.origin}/sandbox/ehr`, {
      method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ patient: 'chloe-chen', launch_url: 'http://127.0.0.1:5999/launch' }).toString(),
    });
    expect(res.status).toBe(303);
    const target = new URL(res.headers.get('location') ?? '');
    expect(target.origin + target.pathname).toBe('http://127.0.0.1:5999/launch');
    expect(target.searchParams.get('iss')).toBe(sb.fhirBaseUrl);
    expect(target.searchParams.get('launch')).toBeTruthy();
  });
});

describe('confidential app', () => {
  it('authenticates with client_secret_basic or client_secret_post and refuses a wrong secret', async () => {
    for (const mode of ['basic', 'post', 'wrong'] as const) {
      const run = await authorize(sb, { clientId: CONFIDENTIAL, scope: 'launch/patient patient/Patient.rs', redirectUri: 'http://127.0.0.1:40001/cb' });
      const params: Record<string, string> = { grant_type: 'authorization_code', code: run.code ?? '', redirect_uri: 'http://127.0.0.1:40001/cb', code_verifier: run.verifier };
      const t = mode === 'basic'
        ? await postForm(sb.tokenEndpoint, params, basicAuth(CONFIDENTIAL, CONFIDENTIAL_SECRET))
        : await postForm(sb.tokenEndpoint, { ...params, client_id: CONFIDENTIAL, client_secret: mode === 'post' ? CONFIDENTIAL_SECRET : 'wrong' });
      if (mode === 'wrong') {
        expect(t.status).toBe(401);
        expect(t.json.error).toBe('invalid_client');
      } else {
        expect(t.status, mode).toBe(200);
        expect(t.json.patient).toBe('ana-alvarez');
      }
    }
  });
});
