import { createServer, type Server } from 'node:http';
import { decodeJwt, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../index.ts';
import { basicAuth, clientAssertion, fhirGet, postForm } from '../testing/sandbox-test-kit.ts';

const BACKEND = 'demo-backend-client';
const ES_CLIENT = 'es384-jwks-uri-client';
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

let sb: Sandbox;
let jwksServer: Server;
let rsaKey: CryptoKey;
let ecKey: CryptoKey;
let otherRsaKey: CryptoKey;
let rs256Key: CryptoKey;

async function publicJwk(key: CryptoKey, kid: string, alg: string): Promise<JWK> {
  return { ...(await exportJWK(key)), kid, alg, use: 'sig' };
}

beforeAll(async () => {
  const rsa = await generateKeyPair('RS384', { extractable: true });
  const ec = await generateKeyPair('ES384', { extractable: true });
  rsaKey = rsa.privateKey;
  ecKey = ec.privateKey;
  otherRsaKey = (await generateKeyPair('RS384')).privateKey;
  // Registered too, so an RS256 assertion fails only because of its algorithm.
  const rs256 = await generateKeyPair('RS256', { extractable: true });
  rs256Key = rs256.privateKey;
  const ecJwks = { keys: [await publicJwk(ec.publicKey, 'ec-1', 'ES384')] };
  jwksServer = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(ecJwks));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  const address = jwksServer.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  sb = await startSandbox({
    backendClient: { jwks: { keys: [await publicJwk(rsa.publicKey, 'rsa-1', 'RS384'), await publicJwk(rs256.publicKey, 'rsa-256', 'RS256')] } },
    clients: [{
      client_id: ES_CLIENT, token_endpoint_auth_method: 'private_key_jwt', grant_types: ['client_credentials'],
      response_types: [], redirect_uris: [], jwks_uri: `http://127.0.0.1:${port}/jwks.json`,
    }],
  });
});

afterAll(async () => {
  await sb.stop();
  await new Promise((resolve) => jwksServer.close(resolve));
});

function tokenRequest(assertion: string, scope = 'system/Observation.rs system/Patient.rs') {
  return postForm(sb.tokenEndpoint, { grant_type: 'client_credentials', scope, client_assertion_type: ASSERTION_TYPE, client_assertion: assertion });
}

describe('SMART Backend Services (private_key_jwt)', () => {
  it('issues a JWT access token for an RS384 assertion with an inline JWKS', async () => {
    const res = await tokenRequest(await clientAssertion({ clientId: BACKEND, aud: sb.tokenEndpoint, key: rsaKey, alg: 'RS384', kid: 'rsa-1' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.json).toMatchObject({ token_type: 'Bearer', expires_in: 300, scope: 'system/Observation.rs system/Patient.rs' });
    expect(res.json.refresh_token).toBeUndefined();
    const claims = decodeJwt(String(res.json.access_token));
    expect(claims).toMatchObject({ aud: sb.fhirBaseUrl, sub: BACKEND, client_id: BACKEND, iss: sb.issuer });
    const search = await fhirGet(sb, '/Observation?code=4548-4&_count=2', String(res.json.access_token));
    expect(search.status).toBe(200);
    expect(search.json.total).toBe(7);
  });

  it('accepts an ES384 assertion whose key comes from a loopback jwks_uri', async () => {
    const res = await tokenRequest(await clientAssertion({ clientId: ES_CLIENT, aud: sb.tokenEndpoint, key: ecKey, alg: 'ES384', kid: 'ec-1' }));
    expect(res.status).toBe(200);
    expect(decodeJwt(String(res.json.access_token)).client_id).toBe(ES_CLIENT);
  });

  it('rejects an assertion whose aud is not the token endpoint', async () => {
    for (const aud of [sb.fhirBaseUrl, sb.issuer, `${sb.tokenEndpoint}/`]) {
      const res = await tokenRequest(await clientAssertion({ clientId: BACKEND, aud, key: rsaKey, alg: 'RS384', kid: 'rsa-1' }));
      expect(res.status, aud).toBe(401);
      expect(res.json.error).toBe('invalid_client');
    }
  });

  it('rejects a replayed jti, RS256, a foreign key and an exp beyond five minutes', async () => {
    const once = await clientAssertion({ clientId: BACKEND, aud: sb.tokenEndpoint, key: rsaKey, alg: 'RS384', kid: 'rsa-1' });
    expect((await tokenRequest(once)).status).toBe(200);
    const cases = [
      once,
      await clientAssertion({ clientId: BACKEND, aud: sb.tokenEndpoint, key: rs256Key, alg: 'RS256', kid: 'rsa-256' }),
      await clientAssertion({ clientId: BACKEND, aud: sb.tokenEndpoint, key: otherRsaKey, alg: 'RS384', kid: 'rsa-1' }),
      await clientAssertion({ clientId: BACKEND, aud: sb.tokenEndpoint, key: rsaKey, alg: 'RS384', kid: 'rsa-1', expiresIn: 600 }),
    ];
    for (const assertion of cases) {
      const res = await tokenRequest(assertion);
      expect(res.status).toBe(401);
      expect(res.json.error).toBe('invalid_client');
    }
  });

  it('requires system/ scopes: none, patient/ or unknown scopes give invalid_scope', async () => {
    for (const scope of ['', 'patient/Observation.rs', 'system/Unicorn.rs', 'openid']) {
      const res = await tokenRequest(await clientAssertion({ clientId: BACKEND, aud: sb.tokenEndpoint, key: rsaKey, alg: 'RS384', kid: 'rsa-1' }), scope);
      expect(res.status, scope).toBe(400);
      expect(res.json.error, scope).toBe('invalid_scope');
    }
  });

  it('introspects (authenticated by assertion) and revokes a backend token', async () => {
    const issued = await tokenRequest(await clientAssertion({ clientId: BACKEND, aud: sb.tokenEndpoint, key: rsaKey, alg: 'RS384', kid: 'rsa-1' }));
    const token = String(issued.json.access_token);
    const auth = async () => ({
      client_assertion_type: ASSERTION_TYPE,
      client_assertion: await clientAssertion({ clientId: BACKEND, aud: sb.tokenEndpoint, key: rsaKey, alg: 'RS384', kid: 'rsa-1' }),
    });
    const active = await postForm(sb.introspectionEndpoint, { token, ...(await auth()) });
    expect(active.json).toMatchObject({ active: true, client_id: BACKEND, scope: 'system/Observation.rs system/Patient.rs' });
    expect((await postForm(sb.revocationEndpoint, { token, ...(await auth()) })).status).toBe(200);
    expect((await postForm(sb.introspectionEndpoint, { token, ...(await auth()) })).json).toEqual({ active: false });
    expect((await fhirGet(sb, '/Patient', token)).status).toBe(401);
  });
});

describe('client_credentials with a client secret', () => {
  it('accepts client_secret_basic and client_secret_post, and refuses a wrong secret', async () => {
    const scope = 'system/Patient.rs';
    const basic = await postForm(sb.tokenEndpoint, { grant_type: 'client_credentials', scope }, basicAuth('demo-secret-client', 'demo-secret-client-secret'));
    expect(basic.status).toBe(200);
    const post = await postForm(sb.tokenEndpoint, { grant_type: 'client_credentials', scope, client_id: 'demo-secret-client', client_secret: 'demo-secret-client-secret' });
    expect(post.status).toBe(200);
    const wrong = await postForm(sb.tokenEndpoint, { grant_type: 'client_credentials', scope }, basicAuth('demo-secret-client', 'nope'));
    expect(wrong.status).toBe(401);
    expect(wrong.json.error).toBe('invalid_client');
    expect(wrong.headers.get('www-authenticate')).toContain('Basic');
  });

  it('answers malformed token requests with OAuth JSON errors', async () => {
    const creds = basicAuth('demo-secret-client', 'demo-secret-client-secret');
    const missing = await postForm(sb.tokenEndpoint, { scope: 'system/Patient.rs' }, creds);
    expect([missing.status, missing.json.error]).toEqual([400, 'invalid_request']);
    const unsupported = await postForm(sb.tokenEndpoint, { grant_type: 'password', scope: 'system/Patient.rs' }, creds);
    expect([unsupported.status, unsupported.json.error]).toEqual([400, 'unsupported_grant_type']);
    const json = await fetch(sb.tokenEndpoint, { method: 'POST', headers: { 'content-type': 'application/json', ...creds }, body: '{"grant_type":"client_credentials"}' });
    expect(json.status).toBe(400);
    expect(((await json.json()) as { error: string }).error).toBe('invalid_request');
  });
});

describe('client registration', () => {
  it('registers a client at run time and through dynamic registration', async () => {
    await sb.registerClient({ client_id: 'runtime-client', client_secret: 'runtime-secret', grant_types: ['client_credentials'], response_types: [], redirect_uris: [] });
    const runtime = await postForm(sb.tokenEndpoint, { grant_type: 'client_credentials', scope: 'system/Patient.rs' }, basicAuth('runtime-client', 'runtime-secret'));
    expect(runtime.status).toBe(200);
    await expect(sb.registerClient({ client_id: 'broken', token_endpoint_auth_method: 'private_key_jwt' })).rejects.toThrow();

    const reg = await fetch(sb.registrationEndpoint, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_types: ['client_credentials'], response_types: [], redirect_uris: [], token_endpoint_auth_method: 'client_secret_post' }),
    });
    expect(reg.status).toBe(201);
    const client = (await reg.json()) as { client_id: string; client_secret: string };
    const dynamic = await postForm(sb.tokenEndpoint, { grant_type: 'client_credentials', scope: 'system/Patient.rs', client_id: client.client_id, client_secret: client.client_secret });
    expect(dynamic.status).toBe(200);
  });
});
