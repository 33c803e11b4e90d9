/**
 * The server's own words as evidence: what an `error_description`, a Bearer challenge's
 * description, an OperationOutcome or a short text body says the problem is about.
 *
 * Vendors word the same failure differently ("jwt expired", "Token expired", "Client assertion
 * has expired", "Token is not active"); each phrase is read as a clue, and a finding about what
 * was sent ranks first when the server's words point at it.
 */

/** What a server's words can point at. */
export type Clue =
  | 'expired' | 'not-yet-valid' | 'audience' | 'jti' | 'signature' | 'key' | 'issuer' | 'algorithm'
  | 'scope' | 'redirect' | 'pkce' | 'secret' | 'unknown-client' | 'assertion' | 'token' | 'grant-type' | 'auth-method' | 'content-type';

const PATTERNS: [Clue, RegExp][] = [
  ['expired', /expired|expir|\bexp\b|too old|stale|not active|no longer valid|lifetime|too long|exceeds? (the )?max/],
  ['not-yet-valid', /\biat\b|\bnbf\b|future|not yet valid|before it is valid|clock|issued at|used before/],
  ['audience', /\baud\b|audience/],
  ['jti', /\bjti\b|replay|re-?used|reuse|already (been )?used|seen before|duplicate|missing id\b|\bid on the token/],
  ['signature', /signature|could not (be )?verif|failed verification|not verified|verify|invalid jwt|jws/],
  ['key', /\bkid\b|\bkeys?\b|jwks|jwk\b|public key|certificate/],
  ['issuer', /\biss\b|issuer|\bsub\b|subject|client[_ ]id (does not match|mismatch)/],
  ['algorithm', /\balg\b|algorithm|rs256|rs384|es384|es256/],
  ['scope', /scope|privilege|permission/],
  ['redirect', /redirect/],
  ['pkce', /verifier|pkce|code[_ ]challenge/],
  ['secret', /secret|password|credentials?\b/],
  ['unknown-client', /unknown client|client not found|not registered|no such client|invalid client[_ ]?id|client.{0,20}(unknown|disabled|inactive|not (yet )?(active|activated|approved))/],
  ['assertion', /assertion|\bjwt\b/],
  ['token', /access token|bearer|\btoken\b/],
  ['grant-type', /grant[_ ]type/],
  ['auth-method', /one mechanism|more than one (client )?auth|multiple (client )?auth|authentication method|auth(entication)? mechanism|client_secret_(basic|post)|\bbasic (auth|authentication)\b/],
  ['content-type', /content.?type|urlencoded|form.?encoded|media type/],
];

/** Every clue the server's words contain (`words` is lower-cased text). */
export function cluesIn(words: string): Set<Clue> {
  const out = new Set<Clue>();
  if (!words.trim()) return out;
  for (const [clue, re] of PATTERNS) if (re.test(words)) out.add(clue);
  return out;
}

/** Which clues point at a rule, by rule id (or id prefix ending in "*"). */
const RULE_CLUES: [string, Clue[]][] = [
  ['ASSERT-EXP-*', ['expired']],
  ['ASSERT-LIFETIME-LONG', ['expired']],
  ['ASSERT-TIME-FORMAT', ['expired', 'not-yet-valid']],
  ['ASSERT-IAT-FUTURE', ['not-yet-valid']],
  ['ASSERT-NBF-FUTURE', ['not-yet-valid']],
  ['ASSERT-AUD*', ['audience']],
  ['ASSERT-JTI-*', ['jti']],
  ['ASSERT-SIG-INVALID', ['signature']],
  ['ASSERT-ECDSA-DER', ['signature']],
  ['ASSERT-KID-*', ['key']],
  ['ASSERT-JKU-*', ['key']],
  ['JWKS-*', ['key']],
  ['KEY-*', ['key', 'algorithm']],
  ['ASSERT-ISS', ['issuer']],
  ['ASSERT-SUB', ['issuer']],
  ['TOKREQ-CLIENT-ID-MISMATCH', ['issuer']],
  ['ASSERT-ALG-*', ['algorithm', 'signature']],
  ['ASSERT-KTY-ALG-MISMATCH', ['algorithm', 'key']],
  ['ASSERT-TYP*', ['assertion']],
  ['TOKREQ-ASSERTION-*', ['assertion']],
  ['AT-EXPIRED-AT-USE', ['expired']],
  ['AT-JWT-EXPIRED', ['expired']],
  ['AT-JWT-AUD', ['audience']],
  ['BEARER-*', ['token']],
  ['SCOPE-*', ['scope']],
  ['DISC-SCOPES-SUPPORTED', ['scope']],
  ['TOKREQ-SCOPE-*', ['scope']],
  ['TOKREQ-REFRESH-SCOPE-EXPANSION', ['scope']],
  ['TOKREQ-REDIRECT-URI-MISMATCH', ['redirect']],
  ['PKCE-*', ['pkce']],
  ['TOKREQ-CODE-VERIFIER-MISSING', ['pkce']],
  ['TOKREQ-BASIC-ENCODING', ['secret']],
  ['TOKREQ-CLIENT-SECRET-POST', ['secret', 'auth-method']],
  ['TOKREQ-GRANT-TYPE', ['grant-type']],
  ['TOKREQ-MULTIPLE-AUTH', ['auth-method']],
  ['TOKREQ-METHOD-CONTENT-TYPE', ['content-type']],
  ['AUTHZ-PKCE-MISSING', ['pkce']],
  ['AUTHZ-AUD*', ['audience']],
];

/** True when the rule id matches an entry (`X-*` is a prefix). */
export function ruleMatches(rule: string, pattern: string): boolean {
  return pattern.endsWith('*') ? rule.startsWith(pattern.slice(0, -1)) : rule === pattern;
}

/** True when the server's clues point at this rule. */
export function wordsPointAt(rule: string, clues: ReadonlySet<Clue>): boolean {
  if (clues.size === 0) return false;
  return RULE_CLUES.some(([pattern, cs]) => ruleMatches(rule, pattern) && cs.some((c) => clues.has(c)));
}

/** Clues too general to say which part of a request was refused ("jwt", "token"). */
const GENERAL: ReadonlySet<Clue> = new Set(['assertion', 'token']);

/** True when the server's words name a particular cause (not only "the jwt" or "the token"). */
export function wordsNameACause(clues: ReadonlySet<Clue>): boolean {
  return [...clues].some((c) => !GENERAL.has(c));
}
