import type { z } from 'zod';
import { redactValues } from '../../../app/activity/index.ts';
import type { IntrospectInput, IntrospectionInspection } from '../../../app/contract/index.ts';
import { AppFailure } from '../../../app/result/index.ts';
import { inspectIntrospection } from '../../../app/conformance/index.ts';
import type { HttpClient, HttpResponse } from '../../http/index.ts';
import { diagnoseExchange, type DiagnosisNotes } from '../diagnosis/index.ts';
import { headersRecord, looksLikeHtml, snippet } from '../tokens/http/index.ts';
import type { ClientAuthenticator, Discoverer, ProfileSource } from './ports.ts';
import { serverFacts } from './server-facts.ts';
import { parseTokenResponse } from './token-inspection.ts';
import { cleanToken } from './token-kind.ts';

/**
 * `inspect:introspect`: asks the profile's server about a token (RFC 7662) with the profile's
 * client authentication, and checks the answer against SMART's introspection requirements.
 *
 * For an opaque token this is the only way a client can learn what the token grants.
 * @see https://www.rfc-editor.org/rfc/rfc7662
 */

/** What introspection needs. */
export interface IntrospectionDeps {
  http: HttpClient;
  profiles: ProfileSource;
  discoverer: Discoverer;
  auth: ClientAuthenticator;
  now(): number;
  notes?: DiagnosisNotes;
}

/** Introspection requests give up after this long. */
export const INTROSPECTION_TIMEOUT_MS = 15_000;

/** Runs one introspection request and inspects the response. */
export async function runIntrospection(deps: IntrospectionDeps, input: z.output<typeof IntrospectInput>): Promise<IntrospectionInspection> {
  const notes: string[] = [];
  const profile = await deps.profiles.get(input.profileId);
  const facts = await serverFacts(profile, deps.discoverer, 'introspectionEndpoint');
  const endpoint = facts.introspectionEndpoint;
  if (!endpoint) {
    throw new AppFailure('NOT_SUPPORTED', `${profile.name}'s server advertises no introspection_endpoint, so there is nowhere to ask about the token${facts.discoveryProblem ? ` (${facts.discoveryProblem})` : ''}.`);
  }
  const token = cleanToken(input.token);
  const auth = await deps.auth.authenticate(profile, facts.tokenEndpoint ?? endpoint);
  if (auth.note) notes.push(auth.note);
  const form = new URLSearchParams({ token, token_type_hint: input.tokenTypeHint, ...auth.form });
  const headers = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...auth.headers };
  const sensitive = [token, ...auth.sensitiveValues];
  const original = parseTokenResponse(input.tokenResponse, notes);
  const diagnosisOf = (outcome: { res?: HttpResponse; failure?: AppFailure }) => diagnoseExchange({
    endpoint: 'introspection', client: { id: profile.clientId, auth: auth.method === 'none' ? 'none' : auth.method },
    request: { method: 'POST', url: endpoint, headers, body: form.toString() },
    ...(outcome.res ? { response: { status: outcome.res.status, headers: outcome.res.headers, bodyText: outcome.res.bodyText } } : outcome.failure ? { failure: outcome.failure } : {}),
    context: { ...(original ? { tokenResponse: original } : {}), ...(facts.tokenEndpoint ? { discovery: { token_endpoint: facts.tokenEndpoint, introspection_endpoint: endpoint } } : {}) },
  }, { nowMs: deps.now(), secrets: sensitive });
  let res: HttpResponse;
  try {
    res = await deps.http.send({
      method: 'POST', url: endpoint, purpose: 'introspect', profileId: profile.id, timeoutMs: INTROSPECTION_TIMEOUT_MS,
      headers, body: form.toString(), sensitiveValues: sensitive,
    });
  } catch (e) {
    if (!(e instanceof AppFailure) || e.code === 'CANCELLED') throw e;
    const h = (await diagnosisOf({ failure: e })).headline;
    throw h ? new AppFailure(e.code, `${e.message} Diagnosis: ${h.rule}: ${h.message}.`, e.issues) : e;
  }
  const diagnosis = await diagnosisOf({ res });
  deps.notes?.note(res.activityId, diagnosis);
  if (!original) notes.push('Without the original token response, launch context (patient, encounter…) could not be compared.');
  const findings = inspectIntrospection({
    clientId: profile.clientId, originalTokenResponse: original ?? {}, status: res.status, headers: headersRecord(res.headers), rawBody: res.bodyText,
  }, { now: Math.floor(deps.now() / 1000) });
  if (res.status === 401) notes.push('HTTP 401: the server did not accept the client authentication for introspection. Some servers allow introspection only for resource servers, not for apps.');
  if (looksLikeHtml(res.header('content-type'), res.bodyText)) notes.push(`The server answered with an HTML page ("${snippet(res.bodyText, 80)}"), not JSON.`);
  const result: IntrospectionInspection = {
    endpoint, clientAuth: auth.method === 'none' ? 'none (client_id only)' : auth.method, status: res.status, findings, activityId: res.activityId, notes, diagnosis,
  };
  // A server that echoes the token must not put it on screen.
  const shown = redactValues(res.bodyText, [token, ...auth.sensitiveValues]);
  try {
    result.body = JSON.parse(shown);
  } catch {
    result.rawBody = shown.slice(0, 2000);
  }
  return result;
}
