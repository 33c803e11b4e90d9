import type { TokenStep } from '../../../../app/contract/index.ts';
import { checkPkce, inspectAuthorizeRequest, type Finding } from '../../../../app/conformance/index.ts';
import { redirectUriFor, resolveTemplate, type Profile } from '../../../../app/profiles/index.ts';
import { clientAuthKind, clientTypeOf, type ClientAuthOptions } from './client-auth.ts';
import type { FlowEndpoints } from './endpoints.ts';
import { startLoopbackListener, type LoopbackListener } from './loopback-listener.ts';
import type { BrowserOpener } from '../ports.ts';
import { sendTokenRequest, type SentTokenRequest, type TokenRequestDeps } from './token-request.ts';
import { createHash, randomBytes } from 'node:crypto';

/**
 * SMART App Launch: authorization code + PKCE S256 through the system browser and a loopback
 * redirect, standalone or EHR launch (`launch`), public or confidential client.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html
 */

/** Everything about one authorize request that the code exchange and the diagnosis need later. */
export interface AuthorizePlan {
  url: string;
  params: Record<string, string>;
  state: string;
  codeVerifier: string;
  redirectUri: string;
  launchMode: 'standalone' | 'ehr';
  scope: string;
  /** True when `launch` was added to the scope because an EHR launch value was given. */
  addedLaunchScope: boolean;
}

/** A sign-in waiting for the browser. */
export interface PendingAuthorization {
  plan: AuthorizePlan;
  listener: LoopbackListener;
  step: TokenStep;
  /** inspectAuthorizeRequest and checkPkce on what is about to be sent. */
  findings: Finding[];
}

/** Builds the authorize URL; SMART's `aud` is the FHIR base. */
export function planAuthorize(input: {
  profile: Profile;
  authorizeEndpoint: string;
  redirectUri: string;
  scope: string;
  launch?: string;
  state: string;
  codeVerifier: string;
}): AuthorizePlan {
  const { profile } = input;
  const tokens = input.scope.split(/\s+/).filter(Boolean);
  const addedLaunchScope = !!input.launch && !tokens.includes('launch');
  const scope = addedLaunchScope ? ['launch', ...tokens].join(' ') : input.scope.trim();
  const params: Record<string, string> = {
    response_type: 'code', client_id: profile.clientId, redirect_uri: input.redirectUri, scope, state: input.state,
    aud: profile.fhirBaseUrl, code_challenge: s256(input.codeVerifier), code_challenge_method: 'S256',
  };
  if (input.launch) params['launch'] = input.launch;
  for (const p of profile.extraAuthorizeParams) params[p.name] = resolveTemplate(p.value, profile.fhirBaseUrl, profile.clientId);
  const url = new URL(input.authorizeEndpoint);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return {
    url: url.toString(), params, state: input.state, codeVerifier: input.codeVerifier, redirectUri: input.redirectUri,
    launchMode: input.launch ? 'ehr' : 'standalone', scope, addedLaunchScope,
  };
}

/** Starts the loopback listener, plans the authorize request, checks it, and opens the browser. */
export async function beginAuthorization(deps: { browser: BrowserOpener; timeoutMs: number; now: () => number }, input: {
  profile: Profile;
  endpoints: FlowEndpoints;
  scope: string;
  launch?: string;
}): Promise<PendingAuthorization> {
  const { profile, endpoints } = input;
  const state = newState();
  const redirectUri = redirectUriFor(profile);
  const listener = await startLoopbackListener({ redirectUri, expectedState: state, timeoutMs: deps.timeoutMs, ownRedirectUri: !!profile.redirectUri });
  try {
    const plan = planAuthorize({
      profile, authorizeEndpoint: endpoints.authorizeEndpoint as string, redirectUri: listener.redirectUri, scope: input.scope,
      launch: input.launch, state, codeVerifier: newCodeVerifier(),
    });
    const findings = [
      ...inspectAuthorizeRequest({
        launchMode: plan.launchMode, fhirBaseUrl: profile.fhirBaseUrl, authorizationEndpoint: endpoints.authorizeEndpoint,
        tokenEndpoint: endpoints.tokenEndpoint, clientType: clientTypeOf(clientAuthKind(profile.authMethod)),
        registeredRedirectUris: [redirectUri ?? listener.redirectUri], launch: input.launch, params: plan.params,
        ...(input.launch ? { launchIss: profile.fhirBaseUrl } : {}),
      }, { now: Math.floor(deps.now() / 1000) }),
      ...(await checkPkce({ codeVerifier: plan.codeVerifier, codeChallenge: plan.params['code_challenge'] ?? '', codeChallengeMethod: 'S256' })),
    ];
    const step: TokenStep = {
      kind: 'authorize', title: input.launch ? 'Authorize (EHR launch)' : 'Authorize (standalone launch)', status: 'waiting',
      at: new Date(deps.now()).toISOString(),
      detail: deps.browser.opensInRenderer
        ? `Opening the sign-in page in a new browser tab; waiting for the redirect to ${listener.redirectUri}`
        : `Opened the sign-in page in the system browser; waiting for the redirect to ${listener.redirectUri}`,
      authorize: { url: plan.url, params: plan.params, redirectUri: listener.redirectUri },
    };
    if (!deps.browser.opensInRenderer) await deps.browser.open(plan.url);
    return { plan, listener, step, findings };
  } catch (e) {
    listener.cancel();
    throw e;
  }
}

/**
 * Exchanges the code for tokens (PKCE verifier, same redirect_uri). A confidential asymmetric
 * client signs its assertion here, after the browser step, so it is fresh when it is sent.
 */
export function exchangeCode(deps: TokenRequestDeps, profile: Profile, endpoints: FlowEndpoints, plan: AuthorizePlan, code: string, auth?: ClientAuthOptions): Promise<SentTokenRequest> {
  return sendTokenRequest(deps, {
    profile, tokenEndpoint: endpoints.tokenEndpoint, title: 'Token request (authorization_code)',
    grant: { grant_type: 'authorization_code', code, redirect_uri: plan.redirectUri, code_verifier: plan.codeVerifier },
    sensitive: [code, plan.codeVerifier], ...(auth ? { auth } : {}),
  });
}

/**
 * PKCE (RFC 7636) and `state` values for the authorization code flow.
 *
 * SMART 2.x requires S256 for every client, public or confidential.
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.1
 */

/** A code verifier: 32 random bytes, base64url (43 characters, the RFC's recommendation). */
export const newCodeVerifier = (): string => randomBytes(32).toString('base64url');

/** The S256 challenge of a verifier: BASE64URL(SHA256(ASCII(verifier))). */
export const s256 = (verifier: string): string => createHash('sha256').update(verifier, 'ascii').digest('base64url');

/** A state value: 32 random bytes, base64url (well over the 122 bits AUTHZ-STATE asks for). */
export const newState = (): string => randomBytes(32).toString('base64url');
