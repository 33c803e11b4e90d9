import type { RuleId } from '../rules.generated.ts';

/**
 * The standard OAuth / Bearer error codes, what each means (quoted from the RFCs), and how a
 * non-standard code is mapped onto the closest standard one.
 *
 * Servers invent codes (`invalid_jwt`, `unauthorized`, `Bad Request`); the developer still needs
 * the standard meaning, so the engine maps by code spelling, `error_description` and status.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */

/** Every error code the ERR-* rules explain. */
export type OAuthCode =
  | 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unauthorized_client' | 'unsupported_grant_type'
  | 'invalid_scope' | 'access_denied' | 'unsupported_response_type' | 'server_error' | 'temporarily_unavailable'
  | 'invalid_token' | 'insufficient_scope';

/** Where the error came from (conformance-api.md `endpoint`). */
export type ErrorEndpoint = 'token' | 'authorize-redirect' | 'resource';

/** The rule explaining each code. */
export const CODE_RULE: Record<OAuthCode, RuleId> = {
  invalid_request: 'ERR-INVALID-REQUEST',
  invalid_client: 'ERR-INVALID-CLIENT',
  invalid_grant: 'ERR-INVALID-GRANT',
  unauthorized_client: 'ERR-UNAUTHORIZED-CLIENT',
  unsupported_grant_type: 'ERR-UNSUPPORTED-GRANT-TYPE',
  invalid_scope: 'ERR-INVALID-SCOPE',
  access_denied: 'ERR-ACCESS-DENIED',
  unsupported_response_type: 'ERR-UNSUPPORTED-RESPONSE-TYPE',
  server_error: 'ERR-SERVER-ERROR',
  temporarily_unavailable: 'ERR-TEMPORARILY-UNAVAILABLE',
  invalid_token: 'ERR-INVALID-TOKEN',
  insufficient_scope: 'ERR-INSUFFICIENT-SCOPE',
};

/** RFC 6749 §5.2: the only codes a token endpoint may answer with (ERR-NONSTANDARD-CODE). */
export const TOKEN_ENDPOINT_CODES: ReadonlySet<string> = new Set([
  'invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope',
]);

const ALL_CODES = new Set(Object.keys(CODE_RULE));

/** True when `v` is exactly one of the codes above. */
export function isKnownCode(v: unknown): v is OAuthCode {
  return typeof v === 'string' && ALL_CODES.has(v);
}

/** The standard code a differently spelled one stands for (`Invalid-Client` → `invalid_client`). */
export function normalizeCode(v: unknown): OAuthCode | undefined {
  if (typeof v !== 'string') return undefined;
  const n = v.trim().toLowerCase().replace(/[\s-]+/g, '_');
  return isKnownCode(n) ? n : undefined;
}

/** Verbatim meaning of a code, with its source, for the explanation. */
export function meaningOf(code: OAuthCode, endpoint: ErrorEndpoint): string {
  const q = (src: string, text: string) => `${src}: "${text}"`;
  switch (code) {
    case 'invalid_request':
      if (endpoint === 'resource') return q('RFC 6750 §3.1', 'The request is missing a required parameter, includes an unsupported parameter or parameter value, repeats the same parameter, uses more than one method for including an access token, or is otherwise malformed.');
      if (endpoint === 'authorize-redirect') return q('RFC 6749 §4.1.2.1', 'The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed.');
      return q('RFC 6749 §5.2', 'The request is missing a required parameter, includes an unsupported parameter value (other than grant type), repeats a parameter, includes multiple credentials, utilizes more than one mechanism for authenticating the client, or is otherwise malformed.');
    case 'invalid_client':
      if (endpoint === 'authorize-redirect') return 'not an RFC 6749 §4.1.2.1 authorize error; servers use it for a client_id they do not know or a client not allowed this request';
      return q('RFC 6749 §5.2', 'Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method).') + ' SMART servers answer invalid_client for every client-assertion failure.';
    case 'invalid_grant': return q('RFC 6749 §5.2', 'The provided authorization grant (e.g., authorization code, resource owner credentials) or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.');
    case 'unauthorized_client': return q('RFC 6749 §5.2', 'The authenticated client is not authorized to use this authorization grant type.');
    case 'unsupported_grant_type': return q('RFC 6749 §5.2', 'The authorization grant type is not supported by the authorization server.');
    case 'invalid_scope': return q('RFC 6749 §5.2', 'The requested scope is invalid, unknown, malformed, or exceeds the scope granted by the resource owner.');
    case 'access_denied': return q('RFC 6749 §4.1.2.1', 'The resource owner or authorization server denied the request.');
    case 'unsupported_response_type': return q('RFC 6749 §4.1.2.1', 'The authorization server does not support obtaining an authorization code using this method.');
    case 'server_error': return q('RFC 6749 §4.1.2.1', 'The authorization server encountered an unexpected condition that prevented it from fulfilling the request.');
    case 'temporarily_unavailable': return q('RFC 6749 §4.1.2.1', 'The authorization server is currently unable to handle the request due to a temporary overloading or maintenance of the server.');
    case 'invalid_token': return q('RFC 6750 §3.1', 'The access token provided is expired, revoked, malformed, or invalid for other reasons.');
    case 'insufficient_scope': return q('RFC 6750 §3.1', 'The request requires higher privileges than provided by the access token.');
  }
}

const PARAM_NAMES = 'grant_type|code_verifier|redirect_uri|client_assertion_type|client_assertion|client_id|scope|code_challenge|aud|state|response_type|refresh_token';
const MISSING_PARAM = new RegExp(`(missing|required|must be (present|provided)|not (present|provided)).{0,40}\\b(${PARAM_NAMES})\\b|\\b(${PARAM_NAMES})\\b.{0,30}(missing|required|not (present|provided))`);

const KEYWORDS: [RegExp, OAuthCode, ErrorEndpoint[]][] = [
  [MISSING_PARAM, 'invalid_request', ['token', 'authorize-redirect', 'resource']],
  [/not (authori[sz]ed|allowed|permitted) (to use|for)( this)? grant|grant type not (allowed|authori[sz]ed)/, 'unauthorized_client', ['token', 'authorize-redirect']],
  [/grant[_ ]?type/, 'unsupported_grant_type', ['token']],
  [/response[_ ]?type/, 'unsupported_response_type', ['authorize-redirect']],
  [/scope|privilege|permission/, 'invalid_scope', ['token', 'authorize-redirect']],
  [/scope|privilege|permission|forbidden/, 'insufficient_scope', ['resource']],
  [/verifier|pkce|code_challenge|authori[sz]ation code|auth code|refresh[_ ]?token|redirect[_ ]?uri|\bcode\b/, 'invalid_grant', ['token']],
  [/jwt|assertion|signature|client|\bkid\b|jwks?\b|\baud\b|audience|\biss\b|issuer|credential|secret|authenticat|unauthori[sz]ed|\bjti\b/, 'invalid_client', ['token']],
  [/token|jwt|signature|\baud\b|audience|expired|unauthori[sz]ed|bearer/, 'invalid_token', ['resource']],
  [/denied|consent|declined|cancel|forbidden/, 'access_denied', ['authorize-redirect']],
  [/unavailable|maintenance|overload|try again later|timeout|timed out/, 'temporarily_unavailable', ['token', 'authorize-redirect', 'resource']],
  [/internal|exception|server error|unexpected/, 'server_error', ['token', 'authorize-redirect', 'resource']],
  [/missing|required|malformed|bad request|invalid request|invalid parameter|content[- ]type|media type|parameter|not supported/, 'invalid_request', ['token', 'authorize-redirect', 'resource']],
];

function byStatus(status: number | undefined, endpoint: ErrorEndpoint): OAuthCode | undefined {
  if (status === undefined) return undefined;
  if (status === 503) return endpoint === 'resource' ? undefined : 'temporarily_unavailable';
  if (status >= 500) return endpoint === 'resource' ? undefined : 'server_error';
  if (status === 401) return endpoint === 'resource' ? 'invalid_token' : 'invalid_client';
  if (status === 403) return endpoint === 'resource' ? 'insufficient_scope' : endpoint === 'token' ? 'unauthorized_client' : 'access_denied';
  if (status === 400) return 'invalid_request';
  return undefined;
}

/** The closest standard code for a non-standard one, and why; undefined when nothing points anywhere. */
export function mapToStandard(code: unknown, text: string, status: number | undefined, endpoint: ErrorEndpoint): { code: OAuthCode; why: string } | undefined {
  const normalized = normalizeCode(code);
  if (normalized) return { code: normalized, why: `${JSON.stringify(code)} is a misspelling of ${normalized}` };
  const codeText = typeof code === 'string' ? code.toLowerCase().replace(/_/g, ' ') : '';
  for (const source of [codeText, text.toLowerCase()]) {
    if (source.trim() === '') continue;
    for (const [re, mapped, endpoints] of KEYWORDS) {
      if (endpoints.includes(endpoint) && re.test(source)) {
        return { code: mapped, why: `${source === codeText ? 'the code' : 'the description'} points to ${mapped}` };
      }
    }
  }
  const fallback = byStatus(status, endpoint);
  return fallback ? { code: fallback, why: `guessed from HTTP ${status}` } : undefined;
}
