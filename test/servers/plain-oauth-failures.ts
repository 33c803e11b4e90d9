/**
 * Failures induced live against oidc-provider configured as a plain OAuth server
 * (plain-oauth-server.ts), each with the headline a developer needs first.
 *
 * oidc-provider answers every client-authentication failure with the same body, so for the
 * assertion cases the right headline comes only from what the request carried (the assertion's
 * claims, the key set the server holds for the client, the jti values used before).
 * Used by the diagnosis tests and by the before/after measurement of the headlines.
 */
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import type { ExchangeInput } from '../../app/diagnosis/index.ts';
import { basic, capture, FORM, form } from './exchange-capture.ts';
import { JWT_RESOURCE, startPlainOAuthServer, type PlainOAuthServer } from './plain-oauth-server.ts';

/** One induced failure: the exchange as it happened and the headline rule it deserves. */
export interface InducedFailure {
  name: string;
  /** The rule id the headline must have. */
  expected: string;
  input: ExchangeInput;
  /** The evaluation time (epoch seconds) the diagnosis uses: when the request was sent. */
  now: number;
}

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const SECRET = 'plain-basic-secret-0123456789abcdef';
const POST_SECRET = 'plain-post-secret-0123456789abcdef';

/** The clients the failures use, with their keys. */
export interface PlainClients {
  jwtKey: CryptoKey;
  jwtPublic: Record<string, unknown>;
  rsaKey: CryptoKey;
}

/** Starts a plain server with the clients the induced failures need. */
export async function startFailureServer(): Promise<{ server: PlainOAuthServer; clients: PlainClients }> {
  const es = await generateKeyPair('ES384', { extractable: true });
  const rs = await generateKeyPair('RS512', { extractable: true });
  const jwtPublic = { ...(await exportJWK(es.publicKey)), kid: 'plain-es384', alg: 'ES384', use: 'sig' };
  const rsaPublic = { ...(await exportJWK(rs.publicKey)), kid: 'plain-rs512', use: 'sig' };
  const server = await startPlainOAuthServer({
    clients: [
      { client_id: 'plain-basic', client_secret: SECRET, grant_types: ['client_credentials'], response_types: [], redirect_uris: [], token_endpoint_auth_method: 'client_secret_basic', scope: 'api:read api:write' },
      { client_id: 'plain-post', client_secret: POST_SECRET, grant_types: ['client_credentials'], response_types: [], redirect_uris: [], token_endpoint_auth_method: 'client_secret_post', scope: 'api:read' },
      { client_id: 'plain-code-only', client_secret: SECRET, grant_types: ['authorization_code'], response_types: ['code'], redirect_uris: ['http://127.0.0.1:9/cb'], token_endpoint_auth_method: 'client_secret_basic' },
      { client_id: 'plain-jwt', grant_types: ['client_credentials'], response_types: [], redirect_uris: [], token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [jwtPublic, rsaPublic] } as never },
    ],
  });
  return { server, clients: { jwtKey: es.privateKey, jwtPublic, rsaKey: rs.privateKey } };
}

/** Every failure induced against the server; `server` must come from startFailureServer. */
export async function inducePlainFailures(server: PlainOAuthServer, clients: PlainClients): Promise<InducedFailure[]> {
  const out: InducedFailure[] = [];
  const discovery = (await (await fetch(server.discoveryUrl)).json()) as Record<string, unknown>;
  const registeredJwks = { keys: [clients.jwtPublic] };
  const now = () => Math.floor(Date.now() / 1000);
  const add = (name: string, expected: string, input: ExchangeInput, at = now()) => { out.push({ name, expected, input, now: at }); };
  const token = (body: string, headers: Record<string, string>, extra: Partial<ExchangeInput>) =>
    capture('token', { url: server.tokenEndpoint, headers: { ...FORM, ...headers }, body }, { flow: 'backend', context: { discovery, ...extra.context }, ...extra });
  const B = basic('plain-basic', SECRET);

  // Client secrets.
  add('client_secret_basic with a wrong secret', 'ERR-INVALID-CLIENT', await token(form({ grant_type: 'client_credentials', scope: 'api:read' }), { authorization: basic('plain-basic', 'not-the-secret') }, { client: { id: 'plain-basic', auth: 'client_secret_basic' } }));
  add('client_secret_post with a wrong secret', 'ERR-INVALID-CLIENT', await token(form({ grant_type: 'client_credentials', client_id: 'plain-post', client_secret: 'not-the-secret' }), {}, { client: { id: 'plain-post', auth: 'client_secret_post' } }));
  add('an unknown client_id', 'ERR-INVALID-CLIENT', await token(form({ grant_type: 'client_credentials' }), { authorization: basic('nobody-knows-me', 'x') }, {}));
  add('a scope the client may not ask for', 'ERR-INVALID-SCOPE', await token(form({ grant_type: 'client_credentials', scope: 'api:admin' }), { authorization: B }, {}));
  add('grant_type=password, which the server does not offer', 'TOKREQ-GRANT-TYPE', await token(form({ grant_type: 'password', username: 'u', password: 'p' }), { authorization: B }, {}));
  add('a JSON body instead of a form', 'TOKREQ-METHOD-CONTENT-TYPE', await capture('token', { url: server.tokenEndpoint, headers: { 'content-type': 'application/json', authorization: B }, body: JSON.stringify({ grant_type: 'client_credentials' }) }, { flow: 'backend', context: { discovery } }));
  add('no grant_type', 'TOKREQ-GRANT-TYPE', await token(form({ scope: 'api:read' }), { authorization: B }, {}));
  add('Basic header and client_secret in the body', 'TOKREQ-MULTIPLE-AUTH', await token(form({ grant_type: 'client_credentials', client_id: 'plain-basic', client_secret: SECRET }), { authorization: B }, {}));
  add('client_credentials for a client registered for the code flow only', 'ERR-INVALID-REQUEST', await token(form({ grant_type: 'client_credentials' }), { authorization: basic('plain-code-only', SECRET) }, {}));

  // private_key_jwt: one 401 body for all of these.
  const t = now();
  const claims = (over: Record<string, unknown>) => ({ iss: 'plain-jwt', sub: 'plain-jwt', aud: server.tokenEndpoint, iat: t, exp: t + 240, jti: crypto.randomUUID(), ...over });
  const sign = (c: Record<string, unknown>, header: Record<string, unknown> = {}, key = clients.jwtKey) =>
    new SignJWT(c).setProtectedHeader({ alg: 'ES384', kid: 'plain-es384', typ: 'JWT', ...header }).sign(key);
  const assertion = async (jwt: string, context: ExchangeInput['context'] = {}, extraForm: Record<string, string> = {}) =>
    token(form({ grant_type: 'client_credentials', scope: 'api:read', client_assertion_type: ASSERTION_TYPE, client_assertion: jwt, ...extraForm }), {},
      { client: { id: 'plain-jwt', auth: 'private_key_jwt', type: 'confidential-asymmetric' }, context: { discovery, registeredJwks, ...context } });
  add('an expired assertion', 'ASSERT-EXP-PAST', await assertion(await sign(claims({ iat: t - 400, exp: t - 120 }))));
  const stranger = await generateKeyPair('ES384');
  add('an assertion signed with another key under the registered kid', 'ASSERT-SIG-INVALID', await assertion(await sign(claims({}), {}, stranger.privateKey)));
  add('iss is the client_id but sub is not', 'ASSERT-SUB', await assertion(await sign(claims({ sub: 'someone-else' }))));
  const jti = crypto.randomUUID();
  await assertion(await sign(claims({ jti })));
  add('a jti used a moment ago', 'ASSERT-JTI-REUSED', await assertion(await sign(claims({ jti })), { previousJtis: [jti] }));
  add('aud is another server\'s token endpoint', 'ASSERT-AUD', await assertion(await sign(claims({ aud: 'https://auth.example.org/oauth2/token' }))));
  add('a kid the registered key set does not have', 'ASSERT-KID-UNKNOWN', await assertion(await sign(claims({}), { kid: 'rotated-away' })));
  add('nbf two minutes in the future', 'ASSERT-NBF-FUTURE', await assertion(await sign(claims({ nbf: t + 120 }))));
  add('RS512, which the server does not accept', 'ASSERT-ALG-NOT-ADVERTISED', await assertion(await new SignJWT(claims({})).setProtectedHeader({ alg: 'RS512', kid: 'plain-rs512', typ: 'JWT' }).sign(clients.rsaKey), { registeredJwks: undefined }));
  add('client_assertion_type is the grant-type URN', 'TOKREQ-ASSERTION-TYPE', await assertion(await sign(claims({})), {}, { client_assertion_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer' }));

  // Wrong URLs and no server.
  add('the token endpoint guessed as /oauth/token', 'ERR-ENDPOINT-NOT-FOUND', await capture('token', { url: `${server.issuer}/oauth/token`, headers: { ...FORM, authorization: B }, body: form({ grant_type: 'client_credentials' }) }, { flow: 'backend' }));
  add('smart-configuration asked of a plain OAuth server', 'ERR-ENDPOINT-NOT-FOUND', await capture('discovery', { url: `${server.issuer}/.well-known/smart-configuration` }));

  // The protected resource.
  const tokenFor = async (scope: string, resource?: string) => {
    const res = await fetch(server.tokenEndpoint, { method: 'POST', headers: { ...FORM, authorization: B }, body: form({ grant_type: 'client_credentials', scope, ...(resource ? { resource } : {}) }) });
    return { response: (await res.json()) as Record<string, unknown>, obtainedAt: now() };
  };
  add('a call without a token', 'ERR-NO-AUTH-INFO', await capture('fhir', { url: server.resourceUrl }));
  const writeOnly = await tokenFor('api:write');
  add('a token without the scope the resource needs', 'ERR-INSUFFICIENT-SCOPE', await capture('fhir', { url: server.resourceUrl, headers: { authorization: `Bearer ${String(writeOnly.response['access_token'])}` } }, { context: { tokenResponse: writeOnly.response, tokenObtainedAt: writeOnly.obtainedAt } }));
  const revoked = await tokenFor('api:read');
  const revokedToken = String(revoked.response['access_token']);

  // Introspection and revocation behind client authentication.
  add('introspection without client authentication', 'ERR-INVALID-REQUEST', await capture('introspection', { url: server.introspectionEndpoint, headers: FORM, body: form({ token: revokedToken }) }));
  add('introspection with a Bearer token instead of client credentials', 'ERR-INVALID-REQUEST', await capture('introspection', { url: server.introspectionEndpoint, headers: { ...FORM, authorization: `Bearer ${revokedToken}` }, body: form({ token: revokedToken }) }));
  add('introspection with a wrong client secret', 'ERR-INVALID-CLIENT', await capture('introspection', { url: server.introspectionEndpoint, headers: { ...FORM, authorization: basic('plain-basic', 'wrong') }, body: form({ token: revokedToken }) }));
  add('revocation with a wrong client secret', 'ERR-INVALID-CLIENT', await capture('revocation', { url: server.revocationEndpoint, headers: { ...FORM, authorization: basic('plain-basic', 'wrong') }, body: form({ token: revokedToken, token_type_hint: 'access_token' }) }));
  const jwtAccess = await tokenFor('api:read', JWT_RESOURCE);
  add('revoking a JWT access token', 'ERR-UNSUPPORTED-TOKEN-TYPE', await capture('revocation', { url: server.revocationEndpoint, headers: { ...FORM, authorization: B }, body: form({ token: String(jwtAccess.response['access_token']), token_type_hint: 'access_token' }) }));
  await fetch(server.revocationEndpoint, { method: 'POST', headers: { ...FORM, authorization: B }, body: form({ token: revokedToken }) });
  add('a revoked token at the resource', 'ERR-INVALID-TOKEN', await capture('fhir', { url: server.resourceUrl, headers: { authorization: `Bearer ${revokedToken}` } }, { context: { tokenResponse: revoked.response, tokenObtainedAt: revoked.obtainedAt } }));

  // Registration.
  const reg = (body: Record<string, unknown>) => capture('registration', { url: server.registrationEndpoint, headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });
  add('registration with both jwks and jwks_uri', 'ERR-INVALID-CLIENT-METADATA', await reg({ grant_types: ['client_credentials'], response_types: [], redirect_uris: [], token_endpoint_auth_method: 'private_key_jwt', jwks: registeredJwks, jwks_uri: `${server.issuer}/client-keys` }));
  add('registration with a redirect URI that has a fragment', 'ERR-INVALID-REDIRECT-URI', await reg({ redirect_uris: ['http://127.0.0.1:8080/callback#done'] }));
  add('registration with an unsupported auth method', 'ERR-INVALID-CLIENT-METADATA', await reg({ grant_types: ['client_credentials'], response_types: [], redirect_uris: [], token_endpoint_auth_method: 'tls_client_auth' }));
  return out;
}

/** The failures that need a stopped server or an expired token, induced after the others. */
export async function induceLateFailures(server: PlainOAuthServer): Promise<InducedFailure[]> {
  const out: InducedFailure[] = [];
  const issuer = server.issuer;
  await server.stop();
  out.push({ name: 'the server is not running (connection refused)', expected: 'NET-REFUSED', now: Math.floor(Date.now() / 1000),
    input: await capture('token', { url: `${issuer}/token`, headers: FORM, body: form({ grant_type: 'client_credentials' }) }, { flow: 'backend' }) });
  return out;
}

/** A token that expires one second after it is issued, used once it has expired. */
export async function induceExpiredToken(): Promise<InducedFailure> {
  const server = await startPlainOAuthServer({
    accessTokenTtlSeconds: 1,
    clients: [{ client_id: 'short', client_secret: SECRET, grant_types: ['client_credentials'], response_types: [], redirect_uris: [], token_endpoint_auth_method: 'client_secret_basic', scope: 'api:read' }],
  });
  try {
    const res = await fetch(server.tokenEndpoint, { method: 'POST', headers: { ...FORM, authorization: basic('short', SECRET) }, body: form({ grant_type: 'client_credentials', scope: 'api:read' }) });
    const obtainedAt = Date.now();
    const body = (await res.json()) as Record<string, unknown>;
    // The server judges expiry by whole seconds: wait until its clock has passed exp for sure.
    await new Promise((r) => setTimeout(r, obtainedAt + 2100 - Date.now()));
    const input = await capture('fhir', { url: server.resourceUrl, headers: { authorization: `Bearer ${String(body['access_token'])}` } },
      { context: { tokenResponse: body, tokenObtainedAt: Math.floor(obtainedAt / 1000) } });
    return { name: 'a token used after expires_in', expected: 'AT-EXPIRED-AT-USE', input, now: Math.floor(Date.now() / 1000) };
  } finally {
    await server.stop();
  }
}
