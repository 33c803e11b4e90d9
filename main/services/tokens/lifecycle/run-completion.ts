import type { TokenFlow, TokenRun } from '../../../../app/contract/index.ts';
import { AppFailure } from '../../../../app/result/index.ts';
import type { Finding, Jwks } from '../../../../app/conformance/index.ts';
import type { Profile } from '../../../../app/profiles/index.ts';
import type { HttpClient } from '../../../http/index.ts';
import { clientAuthKind, type FlowEndpoints, type SentTokenRequest } from '../flows/index.ts';
import { diagnoseTokenExchange, runFindings } from './diagnose.ts';
import { responseView } from '../http/index.ts';
import type { DiagnosisNotes, RegisteredKeySource } from '../../diagnosis/index.ts';
import type { AssertionSigner } from '../ports.ts';
import type { JtiLog } from './jti-log.ts';
import { summarize, type CachedToken } from './token-cache.ts';

/**
 * Turns a sent token request into the run's outcome (token or error) and its diagnosis.
 *
 * Kept apart from the flows so all three grants report success, failure and findings the same
 * way, and so diagnosis can run after the token is handed out when speed matters.
 */

/** What a completed exchange is judged against. */
export interface CompletionContext {
  profile: Profile;
  flow: TokenFlow;
  endpoints: FlowEndpoints;
  requestedScope: string;
  launchMode?: 'standalone' | 'ehr';
  authorizeRequest?: { redirect_uri?: string; code_challenge?: string; code_challenge_method?: string; aud?: string; state?: string };
  originalGrantedScope?: string;
  /** Findings gathered before the token request (authorize request, PKCE). */
  earlierFindings?: Finding[];
}

/**
 * Records the exchange's outcome (status, error) on the run; returns the token to cache on success.
 * What is only for display, the steps and the token summary, is `showExchange`'s part.
 */
export function applyExchange(run: TokenRun, sent: SentTokenRequest, ctx: CompletionContext, nowMs: number): CachedToken | undefined {
  run.finishedAt = new Date(nowMs).toISOString();
  const { fields, failure } = sent.exchange;
  if (!fields) {
    const f = failure ?? new AppFailure('INTERNAL', 'The token request produced neither a token nor an error.');
    run.status = f.code === 'CANCELLED' ? 'cancelled' : 'failed';
    run.error = f.code === 'CANCELLED'
      ? { code: f.code, message: `Cancelled: the token request to ${ctx.endpoints.tokenEndpoint} was stopped before the server answered, so no token was obtained.` }
      : { code: f.code, message: f.message };
    return undefined;
  }
  const obtainedAt = sent.exchange.receivedAt ?? nowMs;
  const token: CachedToken = {
    profileId: ctx.profile.id, flow: ctx.flow, accessToken: fields.accessToken, tokenType: fields.tokenType, obtainedAt,
    requestedScope: ctx.requestedScope, body: fields.body,
  };
  if (fields.expiresIn !== undefined) {
    token.expiresIn = fields.expiresIn;
    token.expiresAt = obtainedAt + fields.expiresIn * 1000;
  }
  if (fields.scope !== undefined) token.grantedScope = fields.scope;
  else if (ctx.originalGrantedScope !== undefined) token.grantedScope = ctx.originalGrantedScope;
  if (fields.refreshToken) token.refreshToken = fields.refreshToken;
  if (fields.idToken) token.idToken = fields.idToken;
  run.status = 'succeeded';
  return token;
}

/**
 * Adds the exchange's steps (redacted request and response, decoded assertion) and the token
 * summary to the run: display work, which a renewal nobody is watching puts off until looked at.
 */
export function showExchange(run: TokenRun, sent: SentTokenRequest, token: CachedToken | undefined): void {
  run.steps.push(...sent.steps);
  if (token) run.token = summarize(token);
}

/** The ports diagnosis needs. */
export interface DiagnosisDeps {
  http: HttpClient;
  signer: AssertionSigner;
  jtis: JtiLog;
  now: () => number;
  /** The key set a server holds for a client (its registration), when main can know it. */
  registeredKeys?: RegisteredKeySource;
  /** Records each exchange's diagnosis beside its activity log entry. */
  notes?: DiagnosisNotes;
  /** The run's cancel signal, for the requests diagnosis makes (the server JWKS). */
  signal?: AbortSignal;
}

/** Fetches the server's JWKS (to check an id_token's signature); records a step; undefined on failure. */
async function fetchServerJwks(deps: DiagnosisDeps, run: TokenRun, uri: string, profileId: string): Promise<Jwks | undefined> {
  const at = new Date(deps.now()).toISOString();
  try {
    const res = await deps.http.send({ method: 'GET', url: uri, headers: { accept: 'application/json' }, purpose: 'jwks', profileId, timeoutMs: 10_000, followRedirects: true, ...(deps.signal ? { signal: deps.signal } : {}) });
    run.steps.push({ kind: 'jwks', title: 'Server JWKS (to verify the id_token)', status: res.status === 200 ? 'ok' : 'failed', at, request: { method: 'GET', url: uri, headers: [] }, response: responseView(res), activityId: res.activityId, durationMs: Math.round(res.timings.totalMs) });
    const body: unknown = JSON.parse(res.bodyText);
    return body && typeof body === 'object' && Array.isArray((body as Jwks).keys) ? (body as Jwks) : undefined;
  } catch (e) {
    run.steps.push({ kind: 'jwks', title: 'Server JWKS (to verify the id_token)', status: 'failed', at, detail: e instanceof Error ? e.message : String(e) });
    return undefined;
  }
}

/**
 * The key set to judge the assertion's kid and signature against: the one the server holds for
 * the client when main can know it (the sandbox's registration, a registered JWKS URL), else the
 * app's own key (then only the signature and its encoding can be judged, not the kid).
 */
async function keysForAssertion(deps: DiagnosisDeps, profile: Profile, tokenEndpoint: string): Promise<Jwks | undefined> {
  const held = await deps.registeredKeys?.keysFor(profile, tokenEndpoint, deps.signal).catch(() => undefined);
  if (held) return held;
  if (!profile.assertion.keyId) return undefined;
  return (await deps.signer.getPublicJwks(profile.assertion.keyId).catch(() => undefined)) as Jwks | undefined;
}

/** Runs the diagnosis on the exchange and stores it (with findings, notes and skew) on the run. */
export async function diagnoseRun(deps: DiagnosisDeps, run: TokenRun, sent: SentTokenRequest, ctx: CompletionContext, token: CachedToken | undefined): Promise<void> {
  const { profile, endpoints } = ctx;
  const nowMs = deps.now();
  const registeredJwks = sent.assertionJwt ? await keysForAssertion(deps, profile, endpoints.tokenEndpoint) : undefined;
  const serverJwks = token?.idToken && endpoints.jwksUri ? await fetchServerJwks(deps, run, endpoints.jwksUri, profile.id) : undefined;
  const d = await diagnoseTokenExchange({
    flow: ctx.flow, clientId: profile.clientId, fhirBaseUrl: profile.fhirBaseUrl, clientAuth: clientAuthKind(profile.authMethod),
    tokenEndpoint: endpoints.tokenEndpoint, exchange: sent.exchange, requestedScope: ctx.requestedScope, nowMs,
    secrets: [sent.secret, token?.accessToken, token?.refreshToken, token?.idToken].filter((v): v is string => !!v),
    ...(ctx.launchMode ? { launchMode: ctx.launchMode } : {}),
    ...(registeredJwks ? { registeredJwks } : {}),
    ...(endpoints.document ? { discovery: endpoints.document } : {}),
    ...(ctx.authorizeRequest ? { authorizeRequest: ctx.authorizeRequest } : {}),
    ...(ctx.originalGrantedScope !== undefined ? { originalGrantedScope: ctx.originalGrantedScope } : {}),
    ...(sent.assertionJwt ? { previousJtis: deps.jtis.previous(profile.id, sent.assertionJti, nowMs) } : {}),
    ...(serverJwks ? { serverJwks } : {}),
  });
  if (sent.assertion && sent.assertion.keyId !== profile.assertion.keyId) {
    run.notes.push('This run signed its assertion with another key than the profile\'s; the checks compare it with the key set the server holds for the client when the app knows it (the sandbox\'s registration, a registered JWKS URL), else with the profile\'s key, so a key the server does not know shows as ASSERT-KID-UNKNOWN.');
  }
  run.diagnosis = d.diagnosis;
  run.findings = runFindings(d.diagnosis, ctx.earlierFindings);
  run.notes.push(...d.notes);
  if (d.scopeComparison) run.scopeComparison = d.scopeComparison;
  if (d.clockSkewSeconds !== undefined) run.clockSkewSeconds = d.clockSkewSeconds;
  const activityId = sent.exchange.response?.activityId;
  if (activityId) deps.notes?.note(activityId, d.diagnosis);
}
