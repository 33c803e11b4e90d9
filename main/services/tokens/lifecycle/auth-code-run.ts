import type { TokenRun } from '../../../../app/contract/index.ts';
import { AppFailure } from '../../../../app/result/index.ts';
import type { Profile } from '../../../../app/profiles/index.ts';
import { diagnoseExchange } from '../../diagnosis/index.ts';
import { clientAuthKind, clientTypeOf, exchangeCode, type ClientAuthOptions, type PendingAuthorization, type FlowEndpoints, type SentTokenRequest, type TokenRequestDeps } from '../flows/index.ts';
import { applyExchange, diagnoseRun, showExchange, type DiagnosisDeps } from './run-completion.ts';
import type { CachedToken } from './token-cache.ts';

/**
 * The second half of a sign-in: wait for the loopback redirect, then exchange the code.
 *
 * Runs in the background after `tokens:start` has returned the authorize URL; it always ends the
 * run (success, OAuth error on the redirect, state mismatch, timeout, cancel), so nothing waits
 * forever. `deps.signal` (the run's) cancels the code exchange while it is in flight.
 */
export async function completeAuthorization(deps: TokenRequestDeps & DiagnosisDeps, input: {
  run: TokenRun;
  profile: Profile;
  endpoints: FlowEndpoints;
  pending: PendingAuthorization;
  /** The run's assertion controls or prepared assertion (confidential asymmetric clients). */
  auth?: ClientAuthOptions;
  /** Called when the run changes state (the renderer polls and listens). */
  changed: () => void;
  /** Called with the exchange once it is sent, for curl export. */
  sent: (s: SentTokenRequest) => void;
  /** Called with the token as soon as it is read, before the (slower) diagnosis. */
  obtained: (token: CachedToken) => void;
}): Promise<CachedToken | undefined> {
  const { run, profile, endpoints, pending } = input;
  const { plan } = pending;
  const authorizeStep = pending.step;
  let callback;
  try {
    callback = await pending.listener.result;
  } catch (e) {
    const f = e instanceof AppFailure ? e : new AppFailure('INTERNAL', String(e));
    authorizeStep.status = f.code === 'CANCELLED' ? 'cancelled' : 'failed';
    authorizeStep.detail = f.message;
    run.status = f.code === 'CANCELLED' ? 'cancelled' : 'failed';
    run.error = { code: f.code, message: f.message };
    run.finishedAt = new Date(deps.now()).toISOString();
    delete run.browser;
    return undefined;
  }
  delete run.browser;
  authorizeStep.status = 'ok';
  authorizeStep.detail = `The browser returned to ${plan.redirectUri}`;
  const shown = { ...callback.params, ...(callback.params['code'] ? { code: '‹redacted›' } : {}) };
  run.steps.push({
    kind: 'callback', title: 'Redirect received', status: callback.error ? 'failed' : 'ok', at: new Date(deps.now()).toISOString(),
    detail: callback.error ? `${callback.error}${callback.errorDescription ? `: ${callback.errorDescription}` : ''}` : 'Authorization code received; state matched.',
    request: { method: 'GET', url: `${plan.redirectUri}?${new URLSearchParams(shown).toString()}`, headers: [] },
  });
  if (callback.error) {
    run.status = 'failed';
    run.error = { code: 'OAUTH_ERROR', message: `The authorization server did not grant access: ${callback.error}${callback.errorDescription ? ` (${callback.errorDescription})` : ''}.` };
    // diagnose() of the authorize exchange: the request the browser carried, the query that came back.
    const auth = clientAuthKind(profile.authMethod);
    const d = await diagnoseExchange({
      endpoint: 'authorize', flow: 'authorization_code', client: { id: profile.clientId, type: clientTypeOf(auth), auth },
      ...(plan.launchMode ? { launchMode: plan.launchMode } : {}),
      request: { method: 'GET', url: plan.url }, redirectQuery: callback.rawQuery,
      context: { fhirBaseUrl: profile.fhirBaseUrl, requestedScope: plan.scope, ...(endpoints.document ? { discovery: endpoints.document } : {}) },
    }, { nowMs: deps.now() });
    run.diagnosis = d;
    run.findings = [...d.findings, ...run.findings.filter((f) => !d.findings.some((g) => g.rule === f.rule && g.message === f.message))];
    run.finishedAt = new Date(deps.now()).toISOString();
    return undefined;
  }
  run.status = 'exchanging';
  input.changed();
  let sent: SentTokenRequest;
  try {
    sent = await exchangeCode(deps, profile, endpoints, plan, callback.code ?? '', input.auth);
  } catch (e) {
    if (!(e instanceof AppFailure)) throw e;
    run.status = e.code === 'CANCELLED' ? 'cancelled' : 'failed';
    run.error = { code: e.code, message: e.message };
    run.finishedAt = new Date(deps.now()).toISOString();
    return undefined;
  }
  input.sent(sent);
  const ctx = {
    profile, flow: 'authorization_code' as const, endpoints, requestedScope: plan.scope, launchMode: plan.launchMode,
    authorizeRequest: {
      redirect_uri: plan.redirectUri, code_challenge: plan.params['code_challenge'] ?? '', code_challenge_method: 'S256',
      aud: plan.params['aud'] ?? '', state: plan.state,
    },
    earlierFindings: pending.findings,
  };
  const token = applyExchange(run, sent, ctx, deps.now());
  showExchange(run, sent, token);
  if (token) input.obtained(token);
  // A request the user stopped says nothing about the server: no conformance checks on it.
  if (sent.exchange.failure?.code !== 'CANCELLED') await diagnoseRun(deps, run, sent, ctx, token);
  return token;
}
