import type { z } from 'zod';
import type { AssertionInspection, InspectAssertionInput, JwksOrigin } from '../../../app/contract/index.ts';
import { AppFailure } from '../../../app/result/index.ts';
import { inspectAssertion, decodeJws, type Jwks } from '../../../app/conformance/index.ts';
import { isAuthCode, type Profile } from '../../../app/profiles/index.ts';
import type { HttpClient } from '../../http/index.ts';
import { fetchJwks, loadPastedJwks, type LoadedJwks } from './jwks-loader.ts';
import type { Discoverer, ProfileSource, PublicKeySource } from './ports.ts';
import { serverFacts } from './server-facts.ts';
import { checkJwtSignature, isRedactedSignature } from './signature-check.ts';
import { cleanToken } from './token-kind.ts';

/**
 * `inspect:assertion`: a client assertion checked the way the token endpoint would check it,
 * against the profile's client id, token endpoint and registered key (or a pasted or fetched
 * JWKS), with the signature verdict spelled out.
 */

/** What the assertion inspection needs. */
export interface AssertionDeps {
  http: HttpClient;
  profiles: ProfileSource;
  keys: PublicKeySource;
  discoverer: Discoverer;
  now(): number;
}

// Stands in for a signature the activity log removed, so the header and claim rules still run.
const PLACEHOLDER_SIGNATURE = 'cmVkYWN0ZWQ';
const SIGNATURE_RULES = new Set(['ASSERT-SIG-INVALID', 'ASSERT-ECDSA-DER']);

/** The assertion flow a profile's auth method implies. */
export function assertionFlow(profile: Profile): 'backend' | 'authorization_code' {
  return isAuthCode(profile.authMethod) ? 'authorization_code' : 'backend';
}

async function profileKeyJwks(keys: PublicKeySource, keyId: string): Promise<LoadedJwks> {
  const origin: JwksOrigin = { kind: 'profile-key', label: "the profile's signing key", findings: [] };
  try {
    const set = await keys.getPublicJwks(keyId);
    const jwks = { keys: set.keys as Record<string, unknown>[] };
    origin.keyCount = jwks.keys.length;
    if (jwks.keys.length === 0) origin.problem = "the profile's signing key has no public key.";
    return jwks.keys.length ? { origin, jwks } : { origin };
  } catch (e) {
    if (!(e instanceof AppFailure)) throw e;
    origin.problem = e.code === 'NOT_FOUND' ? "the profile's signing key no longer exists; choose another key in the profile." : e.message;
    return { origin };
  }
}

/** Runs the assertion inspection. */
export async function runAssertionInspection(deps: AssertionDeps, input: z.output<typeof InspectAssertionInput>): Promise<AssertionInspection> {
  const notes: string[] = [];
  const jwt = cleanToken(input.jwt);
  const profile = input.profileId ? await deps.profiles.get(input.profileId) : undefined;
  const decoded = decodeJws(jwt);
  const header = decoded.ok ? decoded.jws.header : {};
  const payload = decoded.ok ? decoded.jws.payload : {};
  const redacted = decoded.ok && isRedactedSignature(decoded.jws.signature);
  const engineJwt = redacted && decoded.ok ? `${decoded.jws.segments[0]}.${decoded.jws.segments[1]}.${PLACEHOLDER_SIGNATURE}` : jwt;

  const flow = input.flow ?? (profile ? assertionFlow(profile) : 'backend');
  let clientId = input.clientId ?? (profile?.clientId || undefined);
  if (clientId === undefined) {
    const own = typeof payload['sub'] === 'string' ? payload['sub'] : typeof payload['iss'] === 'string' ? payload['iss'] : '';
    clientId = own;
    if (decoded.ok) notes.push(own ? `No profile or client id given: iss and sub were compared with the assertion's own ${typeof payload['sub'] === 'string' ? 'sub' : 'iss'} ("${own}").` : 'No profile or client id given, and the assertion names none.');
  }
  let tokenEndpoint = input.tokenEndpoint;
  let discovery: Record<string, unknown> | undefined;
  if (!tokenEndpoint && profile) {
    const facts = await serverFacts(profile, deps.discoverer, 'tokenEndpoint');
    tokenEndpoint = facts.tokenEndpoint;
    discovery = facts.document;
    if (!tokenEndpoint) notes.push(`The profile has no token endpoint and discovery found none (${facts.discoveryProblem ?? 'no endpoint'}).`);
  } else if (profile) {
    discovery = deps.discoverer.last(profile)?.document;
  }
  if (!tokenEndpoint) {
    const aud = typeof payload['aud'] === 'string' ? payload['aud'] : '';
    tokenEndpoint = aud;
    if (decoded.ok && !profile) notes.push(aud ? `No token endpoint given: aud was accepted as is ("${aud}"); choose a profile to check it.` : 'No token endpoint given, so aud could not be checked.');
  }

  const intendedAlg = typeof header['alg'] === 'string' ? header['alg'] : undefined;
  let loaded: LoadedJwks | undefined;
  if (input.jwks) loaded = await loadPastedJwks(input.jwks, intendedAlg);
  else if (input.jwksUrl) loaded = await fetchJwks(deps.http, { url: input.jwksUrl, kind: 'url', profileId: profile?.id, intendedAlg });
  else if (profile?.assertion.keyId) loaded = await profileKeyJwks(deps.keys, profile.assertion.keyId);
  const noJwks = profile
    ? 'the profile names no signing key; paste the JWKS you registered with the server, or give its URL.'
    : 'no key to check with; choose a profile with a signing key, paste the registered JWKS, or give its URL.';

  const registeredJwks: Jwks | undefined = loaded?.jwks;
  const findings = (await inspectAssertion({
    jwt: engineJwt, flow, clientId, tokenEndpoint, registeredJwks,
    registeredJwksUrl: input.jwksUrl ?? profile?.assertion.jku, discovery: discovery ?? null,
  }, { now: Math.floor((input.evaluateAt ?? deps.now()) / 1000) })).filter((f) => !(redacted && SIGNATURE_RULES.has(f.rule)));
  if (redacted) notes.push('This assertion comes from the activity log, which keeps header and payload but removes the signature: the signature checks were skipped.');
  if (input.evaluateAt !== undefined) notes.push(`Times were checked as of ${new Date(input.evaluateAt).toISOString()}, when the request was sent, not now.`);
  notes.push('Replay (ASSERT-JTI-REUSED) is not checked here: the inspector does not know which jti values the server has seen.');

  const signature = decoded.ok
    ? await checkJwtSignature(jwt, decoded.jws, loaded, noJwks)
    : { status: 'not-checked' as const, message: 'Not verified: the text is not a JWT.' };
  const result: AssertionInspection = { findings, signature, context: { flow, clientId, tokenEndpoint }, notes };
  if (profile) result.context.profileName = profile.name;
  if (loaded) result.jwks = loaded.origin;
  return result;
}
