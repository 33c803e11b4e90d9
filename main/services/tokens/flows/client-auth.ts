import type { AuthMethod } from '../../../../app/profiles/index.ts';
import type { ClientAuthKind } from '../../../../app/contract/index.ts';

/**
 * Client authentication at the token endpoint: which RFC 6749 / RFC 7523 method a profile uses
 * and how it is put on the request.
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
