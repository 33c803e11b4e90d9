import { CompactSign, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { REDACTED } from '../../../app/activity/redact.ts';
import { AppFailure } from '../../../app/result/result.ts';
import { InspectAssertionInput, InspectTokenInput, IntrospectInput } from '../../../app/contract/inspect.ts';
import { FakeHttpClient } from '../../testing/fake-http-client.ts';
import { makeProfile, MemoryProfileStore } from '../../testing/memory-profile-store.ts';
import { DiscoveryService } from '../discovery/discovery-service.ts';
import { createClientAuthenticator } from './client-authenticator.ts';
import { InspectService } from './inspect-service.ts';

const BASE = 'https://fhir.example.test/r4';
const TOKEN_URL = 'https://auth.example.test/token';
const SERVER_JWKS = 'https://auth.example.test/jwks';
const CLIENT_JWKS = 'https://app.example.test/.well-known/jwks.json';
const INTROSPECT = 'https://auth.example.test/introspect';
const NOW = Date.parse('2026-03-01T10:00:00Z');
const NOW_S = NOW / 1000;
const clock = { now: () => NOW };

interface TestKey { privateKey: CryptoKey; jwk: Record<string, unknown> }
let clientKey: TestKey;
let otherKey: TestKey;
let serverKey: TestKey;

async function makeKey(alg: 'ES384' | 'RS384', kid: string): Promise<TestKey> {
  const pair = await generateKeyPair(alg, { extractable: true });
  return { privateKey: pair.privateKey, jwk: { ...(await exportJWK(pair.publicKey)), kid, alg, use: 'sig' } };
}

function sign(key: TestKey, alg: string, header: Record<string, unknown>, payload: Record<string, unknown>): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg, ...header }).sign(key.privateKey);
}

beforeAll(async () => {
  clientKey = await makeKey('ES384', 'client-1');
  otherKey = await makeKey('ES384', 'client-1'); // same kid, different key: a signature made with it must fail
  serverKey = await makeKey('RS384', 'server-1');
});

const assertionClaims = (over: Record<string, unknown> = {}) => ({
  iss: 'client-1', sub: 'client-1', aud: TOKEN_URL, exp: NOW_S + 240, iat: NOW_S - 60, jti: 'f1c1a0b2-7c1e-4c55-9d36-1b8f0e4c2a11', ...over,
});

function setup(opts: { discovered?: boolean; authMethod?: 'client-credentials-jwt' | 'client-credentials-basic'; secret?: string } = {}) {
  const http = new FakeHttpClient();
  const profile = makeProfile({
    fhirBaseUrl: BASE, clientId: 'client-1', authMethod: opts.authMethod ?? 'client-credentials-jwt', tokenEndpoint: TOKEN_URL,
    assertion: { keyId: 'key-a', alg: 'ES384' },
    ...(opts.discovered ? { discovered: { source: 'smart-configuration', fetchedAt: '2026-03-01T09:00:00Z', tokenEndpoint: TOKEN_URL, jwksUri: SERVER_JWKS, introspectionEndpoint: INTROSPECT, issuer: 'https://auth.example.test' } } : {}),
  });
  const profiles = new MemoryProfileStore(profile);
  const keys = {
    getPublicJwks: async (id: string) => {
      if (id !== 'key-a') throw new AppFailure('NOT_FOUND', `No key ${id}`);
      return { keys: [clientKey.jwk] };
    },
  };
  const signed: Record<string, unknown>[] = [];
  const signer = { signJwt: async (_id: string, input: { payload: Record<string, unknown> }) => { signed.push(input.payload); return 'signed.assertion.value'; } };
  const secrets = { getSecret: async () => opts.secret };
  const discoverer = new DiscoveryService({ http, profiles, clock });
  const service = new InspectService({ http, clock, profiles, keys, discoverer, auth: createClientAuthenticator({ secrets, signer, clock }) });
  return { http, service, signed };
}

const assertionInput = (v: Record<string, unknown>) => InspectAssertionInput.parse(v);
const tokenInput = (v: Record<string, unknown>) => InspectTokenInput.parse(v);

describe('inspect:assertion', () => {
  it("verifies a good signature with the profile's key and checks claims against the profile", async () => {
    const { service, http } = setup();
    const jwt = await sign(clientKey, 'ES384', { typ: 'JWT', kid: 'client-1' }, assertionClaims());
    const r = await service.assertion(assertionInput({ jwt, profileId: 'p1' }));
    expect(r.signature.status).toBe('verified');
    expect(r.signature.kid).toBe('client-1');
    expect(r.jwks?.kind).toBe('profile-key');
    expect(r.context).toMatchObject({ flow: 'backend', clientId: 'client-1', tokenEndpoint: TOKEN_URL, profileName: 'Test' });
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(http.sent).toEqual([]); // everything was known: no network
  });

  it('reports a signature made with another key as invalid, with the ASSERT-SIG-INVALID finding', async () => {
    const { service } = setup();
    const jwt = await sign(otherKey, 'ES384', { typ: 'JWT', kid: 'client-1' }, assertionClaims());
    const r = await service.assertion(assertionInput({ jwt, profileId: 'p1' }));
    expect(r.signature.status).toBe('invalid');
    expect(r.findings.map((f) => f.rule)).toContain('ASSERT-SIG-INVALID');
  });

  it('flags claims that do not match the profile and an expired assertion at the pinned time', async () => {
    const { service } = setup();
    const jwt = await sign(clientKey, 'ES384', { typ: 'JWT', kid: 'client-1' }, assertionClaims({ aud: 'https://other.example.test/token', exp: NOW_S - 600, iat: NOW_S - 900 }));
    const rules = (await service.assertion(assertionInput({ jwt, profileId: 'p1' }))).findings.map((f) => f.rule);
    expect(rules).toContain('ASSERT-AUD');
    expect(rules).toContain('ASSERT-EXP-PAST');
  });

  it('verifies against a JWKS fetched from a jwks_url through the HttpClient (purpose jwks)', async () => {
    const { service, http } = setup();
    http.on(CLIENT_JWKS, { body: { keys: [clientKey.jwk] }, headers: { 'cache-control': 'max-age=300' } });
    const jwt = await sign(clientKey, 'ES384', { typ: 'JWT', kid: 'client-1' }, assertionClaims());
    const r = await service.assertion(assertionInput({ jwt, jwksUrl: CLIENT_JWKS, clientId: 'client-1', tokenEndpoint: TOKEN_URL }));
    expect(r.signature.status).toBe('verified');
    expect(r.jwks).toMatchObject({ kind: 'url', url: CLIENT_JWKS, keyCount: 1, activityId: 'fake-1' });
    expect(http.to(CLIENT_JWKS)[0]?.purpose).toBe('jwks');
  });

  it('explains an HTML page served at the jwks_url instead of failing', async () => {
    const { service, http } = setup();
    const html = '<!doctype html><html><head><title>Sign in</title></head><body>Please sign in</body></html>';
    http.on(CLIENT_JWKS, { body: html, headers: { 'content-type': 'text/html; charset=utf-8' } });
    const jwt = await sign(clientKey, 'ES384', { typ: 'JWT', kid: 'client-1' }, assertionClaims());
    const r = await service.assertion(assertionInput({ jwt, jwksUrl: CLIENT_JWKS }));
    expect(r.jwks?.problem).toMatch(/HTML page/);
    expect(r.jwks?.problem).toMatch(/Sign in/);
    expect(r.signature.status).toBe('not-checked');
    expect(r.signature.message).toMatch(/HTML page/);
    const errorPage = 'https://app.example.test/broken';
    http.on(errorPage, { status: 400, statusText: 'Bad Request', body: '<html><head><style>body{font-family:x}</style></head><body><h1>Authorization error</h1></body></html>' });
    const e = await service.assertion(assertionInput({ jwt, jwksUrl: errorPage }));
    expect(e.jwks?.problem).toMatch(/answered HTTP 400 Bad Request with an HTML page saying "Authorization error"/);
    expect(e.jwks?.problem).not.toMatch(/font-family/);
  });

  it('turns a transport failure at the jwks_url into a problem, not an error', async () => {
    const { service, http } = setup();
    http.on(CLIENT_JWKS, () => { throw new AppFailure('NETWORK', 'Connection refused by app.example.test'); });
    const jwt = await sign(clientKey, 'ES384', { typ: 'JWT', kid: 'client-1' }, assertionClaims());
    const r = await service.assertion(assertionInput({ jwt, jwksUrl: CLIENT_JWKS }));
    expect(r.jwks?.problem).toMatch(/Connection refused/);
    expect(r.signature.status).toBe('not-checked');
  });

  it('verifies with a pasted JWKS and explains a PEM key or an empty set pasted instead', async () => {
    const { service } = setup();
    const jwt = await sign(clientKey, 'ES384', { typ: 'JWT', kid: 'client-1' }, assertionClaims());
    const good = await service.assertion(assertionInput({ jwt, jwks: JSON.stringify({ keys: [clientKey.jwk] }) }));
    expect(good.signature.status).toBe('verified');
    expect(good.jwks?.label).toBe('the pasted JWKS');
    const pem = await service.assertion(assertionInput({ jwt, jwks: '-----BEGIN PUBLIC KEY-----\nMHYwEAYHKoZIzj0CAQYFK4EEACIDYgAE\n-----END PUBLIC KEY-----' }));
    expect(pem.jwks?.problem).toMatch(/PEM block/);
    expect(pem.signature.status).toBe('not-checked');
    const empty = await service.assertion(assertionInput({ jwt, jwks: '{"keys": []}' }));
    expect(empty.jwks?.problem).toMatch(/no keys/);
    const lone = await service.assertion(assertionInput({ jwt, jwks: JSON.stringify(clientKey.jwk) }));
    expect(lone.signature.status).toBe('verified');
    expect(lone.jwks?.note).toMatch(/single JWK/);
  });

  it('checks an assertion picked from the activity log (signature redacted) as of the time it was sent', async () => {
    const { service } = setup();
    const sentAt = NOW - 3_600_000;
    const jwt = await sign(clientKey, 'ES384', { typ: 'JWT', kid: 'client-1' }, assertionClaims({ iat: sentAt / 1000, exp: sentAt / 1000 + 240 }));
    const logged = `${jwt.split('.').slice(0, 2).join('.')}.${REDACTED}`;
    const r = await service.assertion(assertionInput({ jwt: logged, profileId: 'p1', evaluateAt: sentAt }));
    expect(r.signature.status).toBe('redacted');
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const later = await service.assertion(assertionInput({ jwt: logged, profileId: 'p1' }));
    expect(later.findings.map((f) => f.rule)).toContain('ASSERT-EXP-PAST');
    expect(later.findings.map((f) => f.rule)).not.toContain('ASSERT-SIG-INVALID');
  });

  it('reports malformed input as a finding, never a thrown error', async () => {
    const { service } = setup();
    for (const jwt of ['not a jwt', 'eyJhbGciOiJFUzM4NCJ9.%%%.abc', '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----']) {
      const r = await service.assertion(assertionInput({ jwt }));
      expect(r.findings.map((f) => f.rule)).toContain('TOKREQ-ASSERTION-MISSING');
      expect(r.signature.status).toBe('not-checked');
    }
  });

  it('uses the assertion itself for client id and audience when no profile is chosen, and says so', async () => {
    const { service } = setup();
    const jwt = await sign(clientKey, 'ES384', { typ: 'JWT', kid: 'client-1' }, assertionClaims());
    const r = await service.assertion(assertionInput({ jwt }));
    expect(r.context).toMatchObject({ clientId: 'client-1', tokenEndpoint: TOKEN_URL });
    expect(r.notes.join(' ')).toMatch(/own sub/);
    expect(r.signature.status).toBe('not-checked');
  });
});

const accessClaims = (over: Record<string, unknown> = {}) => ({
  iss: 'https://auth.example.test', sub: 'client-1', aud: BASE, client_id: 'client-1', scope: 'system/Patient.rs',
  iat: NOW_S - 60, exp: NOW_S + 300, jti: 'at-1', ...over,
});

describe('inspect:token', () => {
  it("verifies a JWT access token with the server JWKS from the profile's discovered jwks_uri", async () => {
    const { service, http } = setup({ discovered: true });
    http.on(SERVER_JWKS, { body: { keys: [serverKey.jwk] } });
    const token = await sign(serverKey, 'RS384', { typ: 'at+jwt', kid: 'server-1' }, accessClaims());
    const r = await service.token(tokenInput({ token, profileId: 'p1' }));
    expect(r).toMatchObject({ kind: 'access', format: 'jwt', introspectionEndpoint: INTROSPECT });
    expect(r.signature.status).toBe('verified');
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(http.to(SERVER_JWKS)[0]?.purpose).toBe('jwks');
  });

  it('flags an expired token and a foreign audience, and a wrong signature', async () => {
    const { service, http } = setup({ discovered: true });
    http.on(SERVER_JWKS, { body: { keys: [serverKey.jwk] } });
    const forged = await makeKey('RS384', 'server-1');
    const token = await sign(forged, 'RS384', { typ: 'at+jwt', kid: 'server-1' }, accessClaims({ aud: 'https://elsewhere.test/fhir', exp: NOW_S - 3600 }));
    const r = await service.token(tokenInput({ token, profileId: 'p1' }));
    expect(r.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['AT-JWT-EXPIRED', 'AT-JWT-AUD']));
    expect(r.signature.status).toBe('invalid');
  });

  it("finds the jwks_uri through the server's smart-configuration when the profile has none", async () => {
    const { service, http } = setup();
    http.on(`${BASE}/.well-known/smart-configuration`, { body: { issuer: 'https://auth.example.test', token_endpoint: TOKEN_URL, jwks_uri: SERVER_JWKS } });
    http.on(SERVER_JWKS, { body: { keys: [serverKey.jwk] } });
    const token = await sign(serverKey, 'RS384', { typ: 'at+jwt', kid: 'server-1' }, accessClaims());
    const r = await service.token(tokenInput({ token: `Bearer ${token}`, profileId: 'p1' }));
    expect(r.signature.status).toBe('verified');
    expect(http.sent.map((s) => s.purpose)).toEqual(['discovery', 'jwks']);
  });

  it('recognises an opaque token and an encrypted one', async () => {
    const { service } = setup({ discovered: true });
    const opaque = await service.token(tokenInput({ token: 'a8Hk2LqP0zX9', profileId: 'p1' }));
    expect(opaque).toMatchObject({ format: 'opaque', kind: 'access', introspectionEndpoint: INTROSPECT });
    expect(opaque.findings.map((f) => f.rule)).toEqual(['AT-OPAQUE']);
    expect(opaque.signature.status).toBe('not-checked');
    const jwe = await service.token(tokenInput({ token: 'eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d' }));
    expect(jwe.format).toBe('jwe');
    expect(jwe.formatExplanation).toMatch(/encrypted JWT/);
    expect(opaque.formatExplanation).toMatch(/opaque: it is not a JWT/);
    const refresh = await service.token(tokenInput({ token: 'r-8d7f6e', kind: 'refresh' }));
    expect(refresh.formatExplanation).toMatch(/normal for refresh tokens/);
  });

  it('detects an ID token and checks its audience against the client id', async () => {
    const { service, http } = setup({ discovered: true });
    http.on(SERVER_JWKS, { body: { keys: [serverKey.jwk] } });
    const token = await sign(serverKey, 'RS384', { typ: 'JWT', kid: 'server-1' }, {
      iss: 'https://auth.example.test', sub: 'u1', aud: 'someone-else', exp: NOW_S + 300, iat: NOW_S, nonce: 'n', fhirUser: `${BASE}/Practitioner/1`,
    });
    const r = await service.token(tokenInput({ token, profileId: 'p1' }));
    expect(r.kind).toBe('id');
    expect(r.findings.map((f) => f.rule)).toContain('IDT-AUD');
    expect(r.signature.status).toBe('verified');
  });

  it('explains a server jwks_uri that answers HTML', async () => {
    const { service, http } = setup({ discovered: true });
    http.on(SERVER_JWKS, { status: 200, body: '<html><body>Gateway login</body></html>', headers: { 'content-type': 'text/html' } });
    const token = await sign(serverKey, 'RS384', { typ: 'at+jwt', kid: 'server-1' }, accessClaims());
    const r = await service.token(tokenInput({ token, profileId: 'p1' }));
    expect(r.signature.status).toBe('not-checked');
    expect(r.jwks?.problem).toMatch(/HTML page.*Gateway login/);
  });
});

describe('inspect:introspect', () => {
  it('POSTs the token with the profile client secret (Basic) and inspects the answer', async () => {
    const { service, http } = setup({ discovered: true, authMethod: 'client-credentials-basic', secret: 's3cr:et' });
    http.on(INTROSPECT, { body: { active: true, scope: 'system/Patient.rs' } });
    const r = await service.introspect(IntrospectInput.parse({ profileId: 'p1', token: 'opaque-token-123' }));
    const sent = http.to(INTROSPECT)[0]!;
    expect(sent).toMatchObject({ method: 'POST', purpose: 'introspect' });
    expect(sent.headers?.['authorization']).toBe(`Basic ${Buffer.from('client-1:s3cr%3Aet').toString('base64')}`);
    expect(new URLSearchParams(sent.body).get('token')).toBe('opaque-token-123');
    expect(sent.sensitiveValues).toEqual(expect.arrayContaining(['opaque-token-123', 's3cr:et']));
    expect(r).toMatchObject({ endpoint: INTROSPECT, clientAuth: 'client_secret_basic', status: 200 });
    expect(r.findings.map((f) => f.rule)).toEqual(['INTROSPECT-SMART-FIELDS']);
  });

  it('signs a client assertion for a private_key_jwt profile, audience = token endpoint', async () => {
    const { service, http, signed } = setup({ discovered: true });
    http.on(INTROSPECT, { body: { active: false } });
    const r = await service.introspect(IntrospectInput.parse({ profileId: 'p1', token: 'opaque-token-123' }));
    expect(r.clientAuth).toBe('private_key_jwt');
    expect(signed[0]).toMatchObject({ iss: 'client-1', sub: 'client-1', aud: TOKEN_URL, exp: NOW_S + 240 });
    expect(new URLSearchParams(http.to(INTROSPECT)[0]!.body).get('client_assertion')).toBe('signed.assertion.value');
    expect(r.findings).toEqual([]);
  });

  it('refuses clearly when the server advertises no introspection endpoint', async () => {
    const { service, http } = setup();
    http.on(`${BASE}/.well-known/smart-configuration`, { body: { token_endpoint: TOKEN_URL } });
    http.on(() => true, { status: 404, body: 'not found' });
    await expect(service.introspect(IntrospectInput.parse({ profileId: 'p1', token: 'x-token' }))).rejects.toMatchObject({ code: 'NOT_SUPPORTED' });
  });
});

describe('inspect:discovery', () => {
  it('fetches the well-known document and returns the inspectDiscovery findings', async () => {
    const { service, http } = setup();
    http.on(`${BASE}/.well-known/smart-configuration`, { body: { token_endpoint: TOKEN_URL } });
    http.on(() => true, { status: 404, body: 'not found' });
    const r = await service.discovery('p1');
    expect(http.sent[0]?.purpose).toBe('discovery');
    expect(r.source).toBe('smart-configuration');
    expect(r.findings.length).toBeGreaterThan(0);
    expect(r.findings.every((f) => typeof f.rule === 'string' && f.message.length > 0)).toBe(true);
  });
});
