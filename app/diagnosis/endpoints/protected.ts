import { explainOAuthError, inspectIntrospection, type CheckOptions, type Finding } from '../../conformance/index.ts';
import { explainingRules, specificCauses } from '../consistency.ts';
import { cluesIn } from '../evidence.ts';
import { isSuccess, type ReadExchange, type ReceivedResponse } from '../exchange.ts';
import { ENDPOINT_WORDS, endpointNotFound, explained, notJson, saidTail, serverSaid } from '../explanations.ts';
import { type Analysis, type Candidate, inTier } from '../rank.ts';
import { checkSentTokenRequest, tokenEndpointOf } from './sent-checks.ts';
import { presentedTokenChecks } from './resource.ts';
import { codeOfRule, enrichSpecific, transportAnalysis } from './shared.ts';

/**
 * Introspection (RFC 7662) and revocation (RFC 7009): endpoints of the authorization server that
 * want the caller authenticated, each in its own way. The same `invalid_client` means "send the
 * client's credentials" to one server, "send a Bearer access token" to another (SMART's
 * launcher), and "only resource servers may ask" to a third, so the causes depend on what the
 * request carried; `unsupported_token_type` is a revocation answer of its own.
 * @see https://www.rfc-editor.org/rfc/rfc7662#section-2.1
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.2.1
 */

const RFC = { introspection: 'RFC 7662 §2.1', revocation: 'RFC 7009 §2.1' } as const;

/** The causes of invalid_client at introspection or revocation, by how the request authenticated. */
function clientCauses(x: ReadExchange, kind: 'introspection' | 'revocation'): string[] {
  const auth = x.request.auth;
  const what = ENDPOINT_WORDS[kind];
  const bearerStyle = `this server wants "Authorization: Bearer <an access token it issued>" instead of client credentials (SMART's reference launcher does this at /introspect)`;
  const onlyResourceServers = 'the server lets only resource servers (or only the client the token was issued to) use this endpoint';
  switch (auth) {
    case undefined:
    case 'none':
      return [
        `no client authentication was sent: the ${what} requires the caller to authenticate (${RFC[kind]}); send the client's credentials (client_secret_basic, client_secret_post or private_key_jwt)`,
        ...(kind === 'revocation' && !x.request.params['client_id'] ? ['a public client must at least send its client_id'] : []),
        bearerStyle, onlyResourceServers,
      ];
    case 'bearer':
      return [
        `the server wants the client's own credentials (client_secret_basic, client_secret_post or private_key_jwt), not a Bearer token (${RFC[kind]})`,
        'the Bearer token presented has expired or was issued to another client',
        onlyResourceServers,
      ];
    case 'private_key_jwt':
      return [
        `the client assertion is not accepted here: its aud must name what this server expects (the token endpoint ${tokenEndpointOf(x)}, or the ${what} itself, or the issuer; servers differ)`,
        'the assertion itself is wrong (iss/sub, exp, jti, kid or signature): see the checks of what was sent',
        onlyResourceServers, bearerStyle,
      ];
    default:
      return [
        'the client secret is wrong or belongs to another client or environment',
        `the server expects the other secret method (${auth === 'client_secret_basic' ? 'client_secret_post: client_id and client_secret in the body' : 'client_secret_basic: the Authorization header'})`,
        onlyResourceServers, bearerStyle,
      ];
  }
}

function clientFinding(x: ReadExchange, res: ReceivedResponse, kind: 'introspection' | 'revocation'): Finding {
  const what = ENDPOINT_WORDS[kind];
  const how = x.request.auth === 'bearer' ? 'a Bearer token' : x.request.auth && x.request.auth !== 'none' ? x.request.auth : 'no client authentication';
  return explained('ERR-INVALID-CLIENT', `the ${what} answered ${serverSaid(res)}; the request carried ${how}`,
    `The ${what} did not accept the caller (invalid_client): it is the authentication of this request that failed, not the token being ${kind === 'introspection' ? 'introspected' : 'revoked'}.`,
    clientCauses(x, kind), saidTail(res));
}

/** invalid_request at introspection or revocation: the caller's authentication first, then the form. */
function requestFinding(x: ReadExchange, res: ReceivedResponse, kind: 'introspection' | 'revocation'): Finding {
  const what = ENDPOINT_WORDS[kind];
  const w = res.words;
  const auth = x.request.auth;
  const causes: [string, number][] = [
    [`no client authentication was sent: the ${what} requires the caller to authenticate (${RFC[kind]}) with the client's credentials`, (auth === undefined || auth === 'none' ? 60 : 0) + (/client authentication|no client|authenticat/.test(w) ? 100 : 0)],
    ['the server does not accept a Bearer token here: send the client\'s own credentials (client_secret_basic, client_secret_post or private_key_jwt)', (auth === 'bearer' ? 70 : 0) + (/authorization header|bearer/.test(w) ? 100 : 0)],
    ['the client authenticated in more than one way (an Authorization header and credentials in the body)', /one mechanism|more than one|multiple/.test(w) ? 150 : 10],
    [`the token parameter is missing or empty`, (x.request.params['token'] ? 0 : 80) + (/\btoken\b.{0,20}(missing|required)|missing.{0,30}\btoken\b/.test(w) ? 100 : 0)],
    ['the body is not application/x-www-form-urlencoded', (x.request.formBody ? 0 : 90) + (/content.?type|urlencoded/.test(w) ? 100 : 0)],
  ];
  const ranked = causes.filter(([, score]) => score > 0).sort((a, b) => b[1] - a[1]).map(([text]) => text);
  return explained('ERR-INVALID-REQUEST', `the ${what} answered ${serverSaid(res)}; the request carried ${auth === 'bearer' ? 'a Bearer token' : auth && auth !== 'none' ? auth : 'no client authentication'}`,
    `The ${what} found the request malformed (invalid_request).`, ranked, saidTail(res));
}

function unsupportedTokenType(x: ReadExchange, res: ReceivedResponse, kind: 'introspection' | 'revocation'): Finding {
  const hint = x.request.params['token_type_hint'];
  const what = ENDPOINT_WORDS[kind];
  return explained('ERR-UNSUPPORTED-TOKEN-TYPE', `the ${what} answered ${serverSaid(res)}${hint ? ` for a token sent with token_type_hint=${hint}` : ''}`,
    `The ${what} does not ${kind === 'revocation' ? 'revoke' : 'introspect'} this kind of token (unsupported_token_type).`,
    [
      hint === 'access_token' || !hint ? 'it cannot revoke self-contained (JWT) access tokens, which simply expire: revoke the refresh token instead, which usually ends the access tokens issued from it' : 'it does not support this token type at all',
      hint ? `token_type_hint=${hint} names another type than the token sent (or the server refuses hints it does not know)` : 'the token type could not be determined without a token_type_hint',
    ], saidTail(res));
}

/** Analyses an introspection or revocation exchange. */
export async function analyseProtected(x: ReadExchange, opts?: CheckOptions): Promise<Analysis> {
  const kind = x.input.endpoint === 'revocation' ? 'revocation' : 'introspection';
  const issuer = x.input.context?.discovery?.['issuer'];
  const acceptableAud = [x.request.path, issuer].filter((v): v is string => typeof v === 'string');
  // An assertion addressed to this endpoint or to the issuer is what many servers want here.
  const audOk = (f: Finding) => f.rule === 'ASSERT-AUD' && acceptableAud.some((a) => f.message.includes(JSON.stringify(a)));
  // A Bearer token as the caller's authentication (SMART's launcher at /introspect) is checked like one presented to a resource server.
  const bearerChecks = x.request.auth === 'bearer' ? presentedTokenChecks(x, opts).filter((f) => f.rule !== 'BEARER-SCHEME' || f.severity !== 'info') : [];
  const sent = [...bearerChecks, ...(await checkSentTokenRequest(x, opts)).filter((f) => !audOk(f))];
  const res = x.response;
  if (!res) return transportAnalysis(x, sent);
  const candidates: Candidate[] = [];
  if (isSuccess(res.status) && !res.error) {
    if (kind === 'revocation') return { outcome: 'ok', candidates: inTier('sent', sent) };
    if (res.shape !== 'json-object') return { outcome: 'failed', candidates: [{ finding: notJson(kind, x.request.path, res), tier: 'wrong-url' }, ...inTier('sent', sent)] };
    const checks = inspectIntrospection({ clientId: x.input.client?.id ?? x.request.clientId ?? '', originalTokenResponse: x.input.context?.tokenResponse ?? {}, status: res.status, headers: res.headers, rawBody: res.body }, opts);
    return { outcome: 'ok', candidates: [...inTier('sent', sent), ...inTier('response', checks)] };
  }
  if (res.status === 404 || res.status === 405) candidates.push({ finding: endpointNotFound(kind, x.request.path, res, x.request.method), tier: 'wrong-url' });
  else if (!res.error && (res.shape === 'html' || res.shape === 'empty' || res.shape === 'text') && res.status !== 401) candidates.push({ finding: notJson(kind, x.request.path, res), tier: 'wrong-url' });
  const code = res.error?.code;
  let codeFinding: Finding | undefined;
  if (code === 'unsupported_token_type') codeFinding = unsupportedTokenType(x, res, kind);
  else if (code === 'invalid_client' || (!code && res.status === 401)) codeFinding = clientFinding(x, res, kind);
  else if (code === 'invalid_request') codeFinding = requestFinding(x, res, kind);
  const explainedFindings = explainOAuthError({
    endpoint: res.error?.from === 'challenge' ? 'resource' : 'token', status: res.status, headers: res.headers, rawBody: res.body,
    requestSummary: { url: x.request.url, method: x.request.method, client_auth: x.request.auth, content_type: x.request.headers['content-type'], findings: sent },
  }, opts).filter((f) => f.rule !== 'ERR-NONSTANDARD-CODE' || code !== 'unsupported_token_type');
  codeFinding ??= explainedFindings.find((f) => codeOfRule(f.rule) !== undefined);
  const resolved = codeFinding ? codeOfRule(codeFinding.rule) : undefined;
  if (codeFinding && resolved) {
    const { specific, rest } = specificCauses(sent, explainingRules(resolved, { where: 'protected', auth: x.request.auth }), cluesIn(res.words));
    candidates.push(...enrichSpecific(specific, res, ENDPOINT_WORDS[kind]), { finding: codeFinding, tier: 'code' }, ...inTier('sent', rest));
  } else {
    candidates.push(...inTier('sent', sent));
  }
  candidates.push(...inTier('remark', explainedFindings.filter((f) => f !== codeFinding && codeOfRule(f.rule) === undefined && !(f.rule === 'ERR-NOT-JSON' && candidates.some((c) => c.finding.rule === 'ERR-NOT-JSON')))));
  return { outcome: 'failed', candidates };
}
