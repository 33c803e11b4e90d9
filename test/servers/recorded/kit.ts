/**
 * What the recorded answers are built with: the request side as the app would send it (client
 * assertions signed with a key generated for the run, access tokens with chosen claims), and the
 * response side exactly as the named server's code or documentation produces it.
 *
 * Keys are generated per run, never committed; the clock is pinned so expiry is deterministic.
 */
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import type { ExchangeInput, JwkSet } from '../../../app/diagnosis/index.ts';

/** One recorded answer of a real server, with the request that provoked it and the headline it deserves. */
export interface RecordedAnswer {
  /** Which server answered: "SMART bulk-data-server", "Keycloak", "Epic"... */
  server: string;
  /** Where the answer is documented or produced: repository + path, or a documentation URL. */
  source: string;
  name: string;
  /** The rule id the headline must have. */
  expected: string;
  build(kit: FixtureKit): ExchangeInput | Promise<ExchangeInput>;
}

/** Helpers every recorded answer uses. */
export interface FixtureKit {
  /** The pinned evaluation time, epoch seconds. */
  now: number;
  /** The client's published keys (the set the server holds for the client). */
  registeredJwks: JwkSet;
  /** A client assertion signed with the registered key (or a key the server does not know). */
  assertion(claims: Record<string, unknown>, opts?: { stranger?: boolean; kid?: string }): Promise<string>;
  /** A JWT access token with these claims (signed with a throwaway key: resource servers' keys are not ours). */
  accessToken(claims: Record<string, unknown>): Promise<string>;
}

/** The pinned clock of every recorded answer (2027-01-15T08:00:00Z). */
export const NOW = 1_800_000_000;

/** Builds the kit: one registered ES384 key, one stranger, one server key. */
export async function makeKit(): Promise<FixtureKit> {
  const registered = await generateKeyPair('ES384', { extractable: true });
  const stranger = await generateKeyPair('ES384');
  const server = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(registered.publicKey)), kid: 'client-key-1', alg: 'ES384', use: 'sig' };
  const sign = (key: CryptoKey, header: Record<string, unknown>, claims: Record<string, unknown>) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'ES384', typ: 'JWT', ...header }).sign(key);
  return {
    now: NOW,
    registeredJwks: { keys: [jwk] },
    assertion: (claims, opts = {}) => sign(opts.stranger ? stranger.privateKey : registered.privateKey, { kid: opts.kid ?? 'client-key-1' }, claims),
    accessToken: (claims) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT' }).sign(server.privateKey),
  };
}

/** The standard claims of a client assertion for `clientId` at `tokenEndpoint`, valid for 240 s from NOW. */
export const claimsFor = (clientId: string, tokenEndpoint: string, over: Record<string, unknown> = {}): Record<string, unknown> =>
  ({ iss: clientId, sub: clientId, aud: tokenEndpoint, iat: NOW, exp: NOW + 240, jti: `jti-${Math.random().toString(36).slice(2)}-${Date.now()}`, ...over });

const FORM = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** A token request as the app sends it: a form POST, optionally with a client assertion. */
export function tokenRequest(url: string, params: Record<string, string>, headers: Record<string, string> = {}): ExchangeInput['request'] {
  return { method: 'POST', url, headers: { ...FORM, ...headers }, body: new URLSearchParams(params).toString() };
}

/** The form fields of a client-credentials request authenticated with an assertion. */
export const withAssertion = (assertion: string, scope = 'system/*.read'): Record<string, string> =>
  ({ grant_type: 'client_credentials', scope, client_assertion_type: ASSERTION_TYPE, client_assertion: assertion });

/** A JSON response (Express's res.json and most servers: application/json; charset=utf-8). */
export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  ({ status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body) });

/** A FHIR JSON response (an OperationOutcome). */
export const fhirJson = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  ({ status, headers: { 'content-type': 'application/fhir+json; charset=utf-8', ...headers }, body: JSON.stringify(body) });

/** A plain-text response (Express's res.send with a string). */
export const text = (status: number, body: string, headers: Record<string, string> = {}) =>
  ({ status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, body });

/** An OperationOutcome with one issue. */
export const outcome = (diagnostics: string, code = 'processing') => ({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] });

/** HTTP Basic credentials. */
export const basic = (id: string, secret: string) => `Basic ${btoa(`${id}:${secret}`)}`;
