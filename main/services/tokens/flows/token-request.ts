import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { TokenStep } from '../../../../app/contract/index.ts';
import { resolveTemplate, type Profile } from '../../../../app/profiles/index.ts';
import type { HttpClient } from '../../../http/index.ts';
import type { Clock } from '../../../ports.ts';
import { describeAssertion, type SignedAssertion } from './assertion.ts';
import { applyClientAuth, authenticateClient, sensitiveValues, type ClientAuthOptions, type ClientCredentials } from './client-auth.ts';
import type { AssertionSigner, JtiHistory, SecretSource } from '../ports.ts';
import { postForm, type Exchange } from '../http/index.ts';
import type { FlowEndpoints } from './endpoints.ts';

/**
 * Builds and sends one token request for a profile: grant parameters, the profile's extra token
 * parameters, and client authentication (secret, fresh assertion, or public client id).
 *
 * Every flow (client credentials, code exchange, refresh) goes through here, so client
 * authentication and vendor extras behave the same in all of them.
 */

/** The ports a token request needs. */
export interface TokenRequestDeps {
  http: HttpClient;
  clock: Clock;
  signer: AssertionSigner;
  secrets: SecretSource;
  /** Records each assertion's jti (and finds the previous one for the reuse control). */
  jtis?: JtiHistory;
  timeoutMs?: number;
  /** The run's cancel signal: `tokens:cancel` aborts the POST in flight. */
  signal?: AbortSignal;
}

/** A sent token request with what the diagnosis needs to know about it. */
export interface SentTokenRequest {
  exchange: Exchange;
  /** Steps to show: the assertion (if any), then the token request (built on first read). */
  readonly steps: TokenStep[];
  assertionJwt?: string;
  /** The assertion's jti (ASSERT-JTI-REUSED compares it with the earlier ones). */
  assertionJti?: string;
  /** The assertion with its key and settings (the diagnosis checks it against the key it was signed with). */
  assertion?: SignedAssertion;
  secret?: string;
  /** Values to redact wherever this request is shown. */
  sensitive: string[];
}

/**
 * Credentials for a profile's request (see `authenticateClient`), with the assertion step the
 * run shows when one was signed (built on demand: decoding is for display, not for the request).
 */
export async function credentialsFor(deps: TokenRequestDeps, profile: Profile, tokenEndpoint: string, auth: ClientAuthOptions = {}): Promise<{ creds: ClientCredentials; assertion?: SignedAssertion; step?: () => TokenStep }> {
  const { creds, assertion } = await authenticateClient(deps, profile, tokenEndpoint, auth);
  if (!assertion) return { creds };
  const step = (): TokenStep => {
    const header = decodeProtectedHeader(assertion.jwt) as Record<string, unknown>;
    return {
      kind: 'assertion', title: auth.staged ? 'Client assertion (private_key_jwt, prepared in Inspect)' : 'Client assertion (private_key_jwt)', status: 'ok',
      at: new Date(assertion.signedAt).toISOString(), detail: describeAssertion(assertion, header),
      assertion: { header, payload: decodeJwt(assertion.jwt) as Record<string, unknown> },
    };
  };
  return { creds, assertion, step };
}

/** Sends a token request with the given grant parameters. */
export async function sendTokenRequest(deps: TokenRequestDeps, input: {
  profile: Profile;
  tokenEndpoint: string;
  grant: Record<string, string>;
  title: string;
  /** Extra values to redact (the code, the refresh token). */
  sensitive?: string[];
  /** The run's assertion controls or staged assertion. */
  auth?: ClientAuthOptions;
}): Promise<SentTokenRequest> {
  const { profile } = input;
  const { creds, assertion, step } = await credentialsFor(deps, profile, input.tokenEndpoint, input.auth);
  const jti = assertion?.plan.payload['jti'];
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(input.grant)) if (v !== '') form.set(k, v);
  const headers: Record<string, string> = {};
  applyClientAuth(profile.clientId, creds, form, headers);
  for (const p of profile.extraTokenParams) form.set(p.name, resolveTemplate(p.value, profile.fhirBaseUrl, profile.clientId));
  const sensitive = [...sensitiveValues(creds), ...(input.sensitive ?? [])];
  const exchange = await postForm(deps.http, {
    url: input.tokenEndpoint, form, headers, profileId: profile.id, purpose: 'token', sensitive, title: input.title,
    now: () => deps.clock.now(), ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}), ...(deps.signal ? { signal: deps.signal } : {}),
  });
  let steps: TokenStep[] | undefined;
  return {
    exchange, sensitive,
    // Decoding the assertion and redacting the response are for display: done when first shown.
    get steps() { return (steps ??= step ? [step(), exchange.step] : [exchange.step]); },
    ...(assertion ? { assertionJwt: assertion.jwt, assertion } : {}), ...(typeof jti === 'string' ? { assertionJti: jti } : {}), ...(creds.kind === 'client_secret_basic' || creds.kind === 'client_secret_post' ? { secret: creds.secret } : {}),
  };
}

/**
 * The client_credentials grant: b.well and Oracle Health with a client secret (post or Basic),
 * SMART Backend Services with a signed assertion (private_key_jwt).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/backend-services.html
 */
export function requestClientCredentials(deps: TokenRequestDeps, profile: Profile, endpoints: FlowEndpoints, scope: string, auth?: ClientAuthOptions): Promise<SentTokenRequest> {
  return sendTokenRequest(deps, {
    profile, tokenEndpoint: endpoints.tokenEndpoint, title: 'Token request (client_credentials)',
    grant: { grant_type: 'client_credentials', scope: scope.trim() }, ...(auth ? { auth } : {}),
  });
}

/**
 * The refresh_token grant: a new access token without the user, with the client authenticating
 * as it did for the code exchange. No `scope` is sent, so the server keeps the original grant
 * (asking for more would be TOKREQ-REFRESH-SCOPE-EXPANSION).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
export function requestRefresh(deps: TokenRequestDeps, profile: Profile, endpoints: FlowEndpoints, refreshToken: string, auth?: ClientAuthOptions): Promise<SentTokenRequest> {
  return sendTokenRequest(deps, {
    profile, tokenEndpoint: endpoints.tokenEndpoint, title: 'Token request (refresh_token)',
    grant: { grant_type: 'refresh_token', refresh_token: refreshToken }, sensitive: [refreshToken], ...(auth ? { auth } : {}),
  });
}
