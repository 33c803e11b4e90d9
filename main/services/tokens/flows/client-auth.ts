import type { AuthMethod, Profile } from '../../../../app/profiles/index.ts';
import type { ClientAuthKind } from '../../../../app/contract/index.ts';
import { AppFailure } from '../../../../app/result/index.ts';
import type { Clock } from '../../../ports.ts';
import type { AssertionSigner, JtiHistory, SecretSource } from '../ports.ts';
import { signAssertion, type AssertionOptions, type SignedAssertion } from './assertion.ts';

/**
 * Client authentication at the token endpoint (and at any endpoint that takes the same
 * credentials: revocation, introspection): which RFC 6749 / RFC 7523 method a profile uses, the
 * credentials for one request, and how they are put on it.
 */

/** The token-endpoint authentication a profile's auth method implies. */
export function clientAuthKind(method: AuthMethod): ClientAuthKind {
  switch (method) {
    case 'client-credentials-basic':
    case 'auth-code-confidential-basic':
      return 'client_secret_basic';
    case 'client-credentials-post':
    case 'auth-code-confidential-post':
      return 'client_secret_post';
    case 'client-credentials-jwt':
    case 'auth-code-confidential-jwt':
      return 'private_key_jwt';
    case 'auth-code-pkce-public':
    case 'none':
      return 'none';
  }
}

/** The conformance engine's client type for a profile. */
export function clientTypeOf(kind: ClientAuthKind): 'confidential-asymmetric' | 'confidential-symmetric' | 'public' {
  return kind === 'private_key_jwt' ? 'confidential-asymmetric' : kind === 'none' ? 'public' : 'confidential-symmetric';
}

/** application/x-www-form-urlencoded encoding of one value (spaces as `+`, as URLSearchParams does). */
export function formEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1);
}

/**
 * The `Authorization: Basic` value for a client id and secret.
 *
 * RFC 6749 §2.3.1: both are form-encoded *before* base64, so a secret containing `:` or `%`
 * survives; servers that skip the decoding step are why TOKREQ-BASIC-ENCODING exists.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 */
export function basicAuthorization(clientId: string, secret: string): string {
  return `Basic ${Buffer.from(`${formEncode(clientId)}:${formEncode(secret)}`, 'utf8').toString('base64')}`;
}

/** The assertion type RFC 7523 §2.2 defines for private_key_jwt. */
export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Credentials for one request: the secret, or a freshly signed assertion, or nothing (public). */
export type ClientCredentials =
  | { kind: 'client_secret_basic' | 'client_secret_post'; secret: string }
  | { kind: 'private_key_jwt'; assertion: string }
  | { kind: 'none' };

/**
 * Adds client authentication to a token-endpoint request.
 *
 * Public clients identify with `client_id` in the body; Basic puts credentials only in the
 * header (adding `client_id` to the body as well is left to the profile's extra parameters).
 */
export function applyClientAuth(clientId: string, creds: ClientCredentials, form: URLSearchParams, headers: Record<string, string>): void {
  switch (creds.kind) {
    case 'client_secret_basic':
      headers['authorization'] = basicAuthorization(clientId, creds.secret);
      break;
    case 'client_secret_post':
      form.set('client_id', clientId);
      form.set('client_secret', creds.secret);
      break;
    case 'private_key_jwt':
      form.set('client_assertion_type', JWT_BEARER_ASSERTION);
      form.set('client_assertion', creds.assertion);
      break;
    case 'none':
      form.set('client_id', clientId);
      break;
  }
}

/** Values to redact wherever this request is shown or logged. */
export function sensitiveValues(creds: ClientCredentials): string[] {
  if (creds.kind === 'client_secret_basic' || creds.kind === 'client_secret_post') return [creds.secret];
  return [];
}

/** The ports client authentication needs: the stored secrets and keys, the clock, the profile's jti history. */
export interface ClientAuthDeps {
  signer: AssertionSigner;
  secrets: SecretSource;
  clock: Clock;
  /** Where assertions' jti values are recorded (and the previous one is found, for the reuse control). */
  jtis?: JtiHistory;
}

/** How one request authenticates beyond the profile: another method, the assertion controls, an assertion signed in advance. */
export interface ClientAuthOptions {
  /** The method to use; default: the one the profile's auth method implies. */
  kind?: ClientAuthKind;
  /** The run's assertion controls (private_key_jwt). */
  controls?: AssertionOptions['controls'];
  /**
   * An assertion signed earlier (the one Inspect showed): sent as it is instead of a new one. A
   * function is called only when the credentials are made, so a run that fails before it sends
   * anything (discovery, say) leaves the prepared assertion for the next one.
   */
  staged?: SignedAssertion | (() => SignedAssertion);
}

/** Credentials for one request, with the assertion when one was signed. */
export interface ClientAuthentication {
  creds: ClientCredentials;
  assertion?: SignedAssertion;
}

/**
 * The credentials of one request for a profile: the stored client secret, a freshly signed
 * client assertion for `audience` (the token endpoint; the run's controls applied), the staged
 * assertion, or none for a public client. A missing secret or key fails with words saying
 * where to set it, before anything is sent.
 */
export async function authenticateClient(deps: ClientAuthDeps, profile: Profile, audience: string, opts: ClientAuthOptions = {}): Promise<ClientAuthentication> {
  const kind = opts.kind ?? clientAuthKind(profile.authMethod);
  if (kind === 'client_secret_basic' || kind === 'client_secret_post') {
    const secret = await deps.secrets.getSecret(profile.id);
    if (!secret) {
      throw new AppFailure('SECRET_MISSING', `Profile "${profile.name}" authenticates with ${kind}, but no client secret is stored for it. Enter the secret under Profiles > Edit > Client secret.`);
    }
    return { creds: { kind, secret } };
  }
  if (kind === 'private_key_jwt') {
    const staged = typeof opts.staged === 'function' ? opts.staged() : opts.staged;
    const assertion = staged ?? await signAssertion(deps.signer, profile, audience, deps.clock.now(), {
      ...(opts.controls ? { controls: opts.controls } : {}),
      ...(opts.controls?.reuseJti ? { previousJti: deps.jtis?.last(profile.id) } : {}),
    });
    // A staged assertion's jti was recorded when it was signed.
    const jti = assertion.plan.payload['jti'];
    if (!staged && typeof jti === 'string') deps.jtis?.add(profile.id, jti, deps.clock.now());
    return { creds: { kind, assertion: assertion.jwt }, assertion };
  }
  return { creds: { kind: 'none' } };
}
