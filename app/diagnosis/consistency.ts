import type { Finding } from '../conformance/index.ts';
import { type Clue, ruleMatches, wordsNameACause, wordsPointAt } from './evidence.ts';
import type { Candidate } from './rank.ts';
import type { ClientAuth } from './types.ts';

/**
 * Which checks of what was sent can explain which error code, and in what order of likelihood.
 *
 * Principle 3 ("the most specific consistent cause wins") and principle 4 ("endpoint and client
 * aware") meet here: an assertion check explains invalid_client only when an assertion was sent,
 * a redirect_uri check explains invalid_grant only for a code exchange, a scope check explains
 * invalid_scope. The order of each list is how often the cause is the culprit in practice (the
 * order conformance.md's "Usual causes" give); the server's words move a cause to the front.
 */

/** Checks of a client assertion, most frequent culprit first. */
const ASSERTION = [
  'ASSERT-ALG-NONE', 'ASSERT-ALG-SYMMETRIC', 'TOKREQ-ASSERTION-MISSING', 'TOKREQ-ASSERTION-TYPE', 'ASSERT-ALG-MISSING',
  'ASSERT-ISS', 'ASSERT-SUB', 'TOKREQ-CLIENT-ID-MISMATCH', 'ASSERT-AUD', 'ASSERT-AUD-ARRAY',
  'ASSERT-EXP-PAST', 'ASSERT-EXP-MISSING', 'ASSERT-EXP-TOO-FAR', 'ASSERT-TIME-FORMAT', 'ASSERT-NBF-FUTURE', 'ASSERT-IAT-FUTURE', 'ASSERT-LIFETIME-LONG',
  'ASSERT-JTI-REUSED', 'ASSERT-JTI-MISSING',
  'ASSERT-KID-MISSING', 'ASSERT-KID-UNKNOWN', 'ASSERT-KID-AMBIGUOUS', 'JWKS-KID-DUPLICATE', 'JWKS-NOT-SET', 'JWKS-EMPTY', 'ASSERT-KTY-ALG-MISMATCH',
  'ASSERT-SIG-INVALID', 'ASSERT-ECDSA-DER', 'ASSERT-ALG-NOT-ADVERTISED', 'ASSERT-ALG-NOT-SMART', 'KEY-RSA-TOO-SMALL', 'KEY-EC-CURVE',
  'ASSERT-JKU-NOT-REGISTERED', 'ASSERT-JKU-NOT-HTTPS', 'ASSERT-TYP', 'ASSERT-TYP-CASE', 'ASSERT-HEADER-CRIT', 'ASSERT-JTI-WEAK', 'ASSERT-EXP-NOT-INTEGER',
  'TOKREQ-MULTIPLE-AUTH',
];

/** Checks of a shared-secret authentication. */
const SECRET = ['TOKREQ-MULTIPLE-AUTH', 'TOKREQ-CLIENT-ID-MISMATCH', 'TOKREQ-BASIC-ENCODING', 'TOKREQ-CREDENTIALS-IN-QUERY', 'TOKREQ-CLIENT-SECRET-POST'];

/** Checks of the form itself (what invalid_request is about). */
const FORM = [
  'TOKREQ-METHOD-CONTENT-TYPE', 'TOKREQ-GRANT-TYPE', 'TOKREQ-ASSERTION-TYPE', 'TOKREQ-ASSERTION-MISSING', 'TOKREQ-CODE-VERIFIER-MISSING',
  'TOKREQ-SCOPE-MISSING', 'TOKREQ-MULTIPLE-AUTH', 'TOKREQ-PARAM-REPEATED', 'TOKREQ-SCOPE-ENCODING', 'TOKREQ-CREDENTIALS-IN-QUERY',
  'TOKREQ-CLIENT-ID-PUBLIC', 'TOKREQ-REDIRECT-URI-MISMATCH',
];

/** Checks of the requested scope (what invalid_scope is about). */
const SCOPE = [
  'TOKREQ-SCOPE-MISSING', 'TOKREQ-SCOPE-ENCODING', 'SCOPE-SYNTAX', 'SCOPE-V2-ORDER', 'SCOPE-SEPARATOR', 'SCOPE-CASE', 'SCOPE-UNKNOWN-RESOURCE',
  'DISC-SCOPES-SUPPORTED', 'SCOPE-NOT-SYSTEM', 'SCOPE-WRITE-BACKEND', 'SCOPE-PATIENT-WITHOUT-LAUNCH', 'SCOPE-V2-QUERY-EXPERIMENTAL',
  'TOKREQ-REFRESH-SCOPE-EXPANSION', 'SCOPE-FHIRUSER-WITHOUT-OPENID',
];

/** Checks of a code exchange (what invalid_grant is about in the authorization-code flow). */
const CODE_GRANT = ['TOKREQ-REDIRECT-URI-MISMATCH', 'PKCE-CHALLENGE-MISMATCH', 'TOKREQ-CODE-VERIFIER-MISSING', 'PKCE-VERIFIER-FORMAT', 'PKCE-CHALLENGE-ENCODING', 'TOKREQ-CLIENT-ID-MISMATCH'];

/** Checks of the presented access token at a resource server. */
const PRESENTED_TOKEN = ['AT-EXPIRED-AT-USE', 'AT-JWT-EXPIRED', 'AT-JWT-AUD', 'BEARER-SCHEME', 'BEARER-QUERY-PARAM', 'AT-JWT-ALG-NONE'];

/** Checks of an authorize request. */
const AUTHORIZE = ['AUTHZ-AUD', 'AUTHZ-AUD-VALUE', 'AUTHZ-PKCE-MISSING', 'PKCE-METHOD', 'AUTHZ-RESPONSE-TYPE', 'AUTHZ-STATE', 'AUTHZ-LAUNCH', 'AUTHZ-CLIENT-ID', 'REDIR-EXACT-MATCH', 'REDIR-FRAGMENT', 'REDIR-HTTP-NON-LOOPBACK'];

/** What the request was, for choosing the list. */
export interface SentShape {
  /** How the client authenticated, as sent. */
  auth?: ClientAuth;
  flow?: 'backend' | 'authorization_code' | 'refresh_token';
  /** The endpoint family: token-like (token, introspection, revocation), resource, authorize, registration. */
  where: 'token' | 'protected' | 'resource' | 'authorize' | 'registration';
}

/** The checks (in order of likelihood) that can explain a code for a request of this shape; [] when none can. */
export function explainingRules(code: string, sent: SentShape): string[] {
  const jwt = sent.auth === 'private_key_jwt';
  const secret = sent.auth === 'client_secret_basic' || sent.auth === 'client_secret_post';
  if (sent.where === 'resource') {
    if (code === 'invalid_token') return PRESENTED_TOKEN;
    if (code === 'invalid_request') return ['BEARER-QUERY-PARAM', 'BEARER-SCHEME'];
    if (code === 'no-auth-info') return ['BEARER-QUERY-PARAM'];
    return [];
  }
  if (sent.where === 'authorize') {
    if (code === 'invalid_scope') return SCOPE;
    if (code === 'invalid_request' || code === 'unsupported_response_type' || code === 'invalid_client' || code === 'unauthorized_client') return AUTHORIZE;
    return [];
  }
  switch (code) {
    case 'invalid_client':
    case 'unauthorized_client':
      if (sent.auth === 'bearer') return PRESENTED_TOKEN;
      if (jwt) return ASSERTION;
      if (secret) return SECRET;
      if (sent.auth === 'none') return ['TOKREQ-CLIENT-ID-PUBLIC'];
      return [];
    case 'invalid_grant':
      if (sent.flow === 'authorization_code') return [...CODE_GRANT, ...(jwt ? ASSERTION : [])];
      if (sent.flow === 'refresh_token') return ['TOKREQ-REFRESH-SCOPE-EXPANSION', 'TOKREQ-CLIENT-ID-MISMATCH', ...(jwt ? ASSERTION : [])];
      // RFC 7523-style servers report client-assertion problems as invalid_grant.
      return jwt ? ASSERTION : [];
    case 'invalid_request':
      return [...FORM, ...(jwt ? ASSERTION : [])];
    case 'invalid_scope':
      return SCOPE;
    case 'unsupported_grant_type':
      return ['TOKREQ-GRANT-TYPE', 'TOKREQ-METHOD-CONTENT-TYPE'];
    default:
      return [];
  }
}

const SEVERITY_BONUS = { error: 300, warning: 100, info: 0 } as const;

/**
 * Splits the checks of what was sent into the specific causes of a code (scored: the server's
 * words first, then severity, then how often the cause is the culprit) and the rest.
 *
 * A warning or info check only counts as a specific cause when the server's words point at it
 * or it is the scope check behind invalid_scope; otherwise it is not what the server refused.
 */
export function specificCauses(sent: Finding[], explaining: string[], clues: ReadonlySet<Clue>): { specific: Candidate[]; rest: Finding[] } {
  const specific: Candidate[] = [];
  const rest: Finding[] = [];
  for (const f of sent) {
    const index = explaining.findIndex((r) => ruleMatches(f.rule, r));
    const pointed = wordsPointAt(f.rule, clues);
    // Servers misuse codes (invalid_client for a missing scope): an error the server's own words
    // name is the cause even when the code would not predict it.
    const qualifies = (index >= 0 && (f.severity === 'error' || pointed || (f.rule === 'DISC-SCOPES-SUPPORTED' && explaining === SCOPE)))
      || (index < 0 && pointed && f.severity !== 'info');
    if (!qualifies) {
      rest.push(f);
      continue;
    }
    const order = index >= 0 ? explaining.length - index : 0;
    specific.push({ finding: f, tier: 'specific', score: (pointed ? 1000 : 0) + SEVERITY_BONUS[f.severity] + order });
  }
  // The server's words name a cause, and no check of what was sent matches them: the server
  // said what it refused, so the checks that could be a matter of policy do not
  // head (they follow the code). What every server refuses (an expired or wrongly addressed
  // assertion, a reused jti) stays first even when the server words it misleadingly.
  if (wordsNameACause(clues) && !specific.some((c) => wordsPointAt(c.finding.rule, clues))) {
    const kept = specific.filter((c) => CERTAIN.has(c.finding.rule));
    return { specific: kept, rest: [...specific.filter((c) => !kept.includes(c)).map((c) => c.finding), ...rest] };
  }
  return { specific, rest };
}

/** Problems every authorization server refuses, whatever its policy. */
const CERTAIN = new Set([
  'ASSERT-ALG-NONE', 'ASSERT-ISS', 'ASSERT-SUB', 'ASSERT-AUD', 'ASSERT-EXP-PAST', 'ASSERT-EXP-MISSING', 'ASSERT-NBF-FUTURE', 'ASSERT-JTI-REUSED',
  'ASSERT-KID-UNKNOWN', 'ASSERT-KID-AMBIGUOUS', 'ASSERT-SIG-INVALID', 'ASSERT-ALG-NOT-ADVERTISED', 'TOKREQ-ASSERTION-TYPE', 'TOKREQ-ASSERTION-MISSING',
  'TOKREQ-METHOD-CONTENT-TYPE', 'TOKREQ-GRANT-TYPE', 'TOKREQ-MULTIPLE-AUTH', 'AT-EXPIRED-AT-USE',
]);
