import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FailureModeSyntaxError,
  mergeFailureModes,
  parseFailureModes,
  skewedDateHeader,
  slowDelayMs,
  tokenEndpointFailure,
} from './failure-simulation.ts';
import { startSandbox, type Sandbox } from '../index.ts';
import { backendToken, basicAuth, fhirGet, postForm } from '../testing/sandbox-test-kit.ts';

describe('failure-mode parsing', () => {
  it('parses names, aliases and numeric arguments', () => {
    expect(parseFailureModes(' slow=1500, clock-skew=-60 ,5xx:503, expired_token')).toEqual([
      { name: 'slow', value: 1500 },
      { name: 'clock-skew', value: -60 },
      { name: 'server-error', value: 503 },
      { name: 'expired-token' },
    ]);
    expect(parseFailureModes(undefined)).toEqual([]);
  });

  it('rejects unknown modes and non-numeric arguments', () => {
    expect(() => parseFailureModes('explode')).toThrow(FailureModeSyntaxError);
    expect(() => parseFailureModes('slow=soon')).toThrow(FailureModeSyntaxError);
  });

  it('derives delays, Date headers and token errors from the modes', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    expect(skewedDateHeader(parseFailureModes('clock-skew=-3600'), now)).toBe('Thu, 01 Jan 2026 11:00:00 GMT');
    expect(skewedDateHeader(parseFailureModes('clock-skew'), now)).toBe('Thu, 01 Jan 2026 12:10:00 GMT');
    expect(skewedDateHeader([], now)).toBeUndefined();
    expect(slowDelayMs(parseFailureModes('slow=999999'))).toBe(60_000);
    expect(tokenEndpointFailure(parseFailureModes('invalid_grant'))).toMatchObject({ status: 400, error: 'invalid_grant' });
    expect(tokenEndpointFailure(parseFailureModes('server-error=503'))).toMatchObject({ status: 503, error: 'temporarily_unavailable', retryAfter: '5' });
    expect(tokenEndpointFailure(parseFailureModes('slow'))).toBeUndefined();
    expect(mergeFailureModes(parseFailureModes('slow=1'), parseFailureModes('slow=2'))).toEqual([{ name: 'slow', value: 2 }]);
  });
});

describe('failure modes against a running sandbox', () => {
  let sb: Sandbox;
  const creds = basicAuth('demo-secret-client', 'demo-secret-client-secret');
  const ccRequest = (headers: Record<string, string> = {}, url = '') =>
    postForm(`${sb.tokenEndpoint}${url}`, { grant_type: 'client_credentials', scope: 'system/*.rs' }, { ...creds, ...headers });

  beforeAll(async () => {
    sb = await startSandbox({
      clients: [
        { client_id: 'flaky-grant', client_secret: 's', grant_types: ['client_credentials'], response_types: [], redirect_uris: [], sandbox_fail: 'invalid_grant' },
        { client_id: 'fhir-denied', client_secret: 's', grant_types: ['client_credentials'], response_types: [], redirect_uris: [], sandbox_fail: 'fhir-401,clock-skew=120' },
      ],
    });
  });
  afterAll(async () => {
    await sb.stop();
  });

  it('fails the token endpoint with invalid_client / invalid_grant / invalid_scope on request', async () => {
    const expected = { invalid_client: 401, invalid_grant: 400, invalid_scope: 400 } as const;
    for (const [mode, status] of Object.entries(expected)) {
      const res = await ccRequest({ 'x-sandbox-fail': mode });
      expect([res.status, res.json.error], mode).toEqual([status, mode]);
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
    const byQuery = await ccRequest({}, '?sandbox_fail=invalid_scope');
    expect(byQuery.json.error).toBe('invalid_scope');
    expect((await ccRequest()).status).toBe(200);
  });

  it('applies modes registered on a client to that client only', async () => {
    const flaky = await postForm(sb.tokenEndpoint, { grant_type: 'client_credentials', scope: 'system/*.rs' }, basicAuth('flaky-grant', 's'));
    expect([flaky.status, flaky.json.error]).toEqual([400, 'invalid_grant']);
    const denied = await postForm(sb.tokenEndpoint, { grant_type: 'client_credentials', scope: 'system/*.rs' }, basicAuth('fhir-denied', 's'));
    expect(denied.status).toBe(200);
    const fhir = await fhirGet(sb, '/Patient', String(denied.json.access_token));
    expect(fhir.status).toBe(401);
    expect(fhir.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(Math.abs(Date.parse(fhir.headers.get('date') ?? '') - (Date.now() + 120_000))).toBeLessThan(5000);
    expect((await fhirGet(sb, '/Patient', await backendToken(sb, 'system/*.rs'))).status).toBe(200);
  });

  it('issues already-expired tokens that the FHIR API and introspection refuse', async () => {
    const token = await backendToken(sb, 'system/*.rs', { 'x-sandbox-fail': 'expired-token' });
    const fhir = await fhirGet(sb, '/Patient', token);
    expect(fhir.status).toBe(401);
    expect(fhir.json.issue[0].diagnostics).toContain('expired');
    // An hour ago, far beyond the 60 s clock-skew allowance checkers give.
    const exp = decodeJwt(token).exp ?? 0;
    expect(Date.now() / 1000 - exp).toBeGreaterThan(3500);
    const introspection = await postForm(sb.introspectionEndpoint, { token }, creds);
    expect(introspection.json).toEqual({ active: false });
  });

  it('slows responses down by the requested delay', async () => {
    const token = await backendToken(sb, 'system/*.rs');
    const started = performance.now();
    const res = await fhirGet(sb, '/Patient?_count=1', token, { 'x-sandbox-fail': 'slow=300' });
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(295);
  });

  it('skews the Date header', async () => {
    const res = await fetch(`${sb.fhirBaseUrl}/metadata?sandbox_fail=clock-skew=-3600`);
    expect(Math.abs(Date.parse(res.headers.get('date') ?? '') - (Date.now() - 3_600_000))).toBeLessThan(5000);
  });

  it('answers 5xx with the error shape of each endpoint', async () => {
    const token = await backendToken(sb, 'system/*.rs');
    const tokenEndpoint = await ccRequest({ 'x-sandbox-fail': 'server-error' });
    expect([tokenEndpoint.status, tokenEndpoint.json.error]).toEqual([500, 'server_error']);
    const unavailable = await ccRequest({ 'x-sandbox-fail': 'server-error=503' });
    expect([unavailable.status, unavailable.json.error, unavailable.headers.get('retry-after')]).toEqual([503, 'temporarily_unavailable', '5']);
    const fhir = await fhirGet(sb, '/Patient', token, { 'x-sandbox-fail': '5xx=502' });
    expect([fhir.status, fhir.json.resourceType]).toEqual([502, 'OperationOutcome']);
  });

  it('answers 401 from the FHIR API for a valid token (fhir-401), via header or query', async () => {
    const token = await backendToken(sb, 'system/*.rs');
    for (const [path, headers] of [['/Patient', { 'x-sandbox-fail': 'fhir-401' }], ['/Patient?sandbox_fail=fhir-401', {}]] as const) {
      const res = await fhirGet(sb, path, token, headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
    }
    const clean = await fhirGet(sb, '/Patient?sandbox_fail=clock-skew=1', token);
    expect([clean.status, clean.json.total]).toEqual([200, 5]);
  });
});

describe('discovery failure modes: a plain OAuth server', () => {
  let sb: Sandbox;
  beforeAll(async () => { sb = await startSandbox({ failures: 'no-smart-configuration,no-oauth-uris' }); });
  afterAll(async () => { await sb.stop(); });

  it('sandbox-wide: no SMART configuration, a CapabilityStatement without oauth-uris, RFC 8414 and OpenID Connect metadata at the issuer', async () => {
    const smart = await fetch(`${sb.fhirBaseUrl}/.well-known/smart-configuration`);
    expect(smart.status).toBe(404);
    const cs = await (await fetch(`${sb.fhirBaseUrl}/metadata`)).json() as { rest: { security: Record<string, unknown> }[] };
    expect(cs.rest[0]?.security).toEqual({ cors: true });
    for (const path of ['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration']) {
      const res = await fetch(`${sb.issuer}${path}`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ issuer: sb.issuer, token_endpoint: sb.tokenEndpoint, introspection_endpoint: sb.introspectionEndpoint, revocation_endpoint: sb.revocationEndpoint });
    }
    // Tokens still work: only discovery changed.
    const token = await backendToken(sb, 'system/*.rs');
    expect((await fhirGet(sb, '/Patient', token)).status).toBe(200);
  });

  it('per request on a normal sandbox, and an unknown mode at start is refused', async () => {
    const normal = await startSandbox();
    try {
      expect((await fetch(`${normal.fhirBaseUrl}/.well-known/smart-configuration`)).status).toBe(200);
      expect((await fetch(`${normal.fhirBaseUrl}/.well-known/smart-configuration`, { headers: { 'x-sandbox-fail': 'no-smart-configuration' } })).status).toBe(404);
    } finally {
      await normal.stop();
    }
    await expect(startSandbox({ failures: 'no-smart' })).rejects.toThrow(FailureModeSyntaxError);
  });
});
