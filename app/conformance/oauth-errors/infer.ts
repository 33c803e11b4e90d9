import type { RankContext } from './rank.ts';

/**
 * Infers which request parameter an `invalid_request` is about: from the server's words first,
 * else from the parameters the request is known to have sent.
 */

const NAMES = [
  'client_assertion_type', 'client_assertion', 'code_challenge_method', 'code_challenge', 'code_verifier', 'redirect_uri',
  'grant_type', 'refresh_token', 'response_type', 'client_id', 'scope', 'state', 'code', 'aud',
];

const REQUIRED: Record<string, string[]> = {
  code: ['grant_type', 'code', 'redirect_uri', 'code_verifier'],
  backend: ['grant_type', 'scope', 'client_assertion_type', 'client_assertion'],
  refresh: ['grant_type', 'refresh_token'],
  authorize: ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'aud', 'code_challenge', 'code_challenge_method'],
};

/** The parameter the server's text names next to "missing"/"required"/"duplicate", if any. */
export function paramNamedBy(said: string): string | undefined {
  if (!/missing|required|must|not (present|provided|found)|absent|duplicate|repeated|more than once|invalid|unsupported/.test(said)) return undefined;
  return NAMES.find((n) => new RegExp(`(^|[^a-z_])${n.replace(/_/g, '[_ ]')}([^a-z_]|$)`).test(said));
}

/** A required parameter the request is known not to have sent, if any. */
export function paramNotSent(ctx: RankContext): string | undefined {
  const { req } = ctx;
  if (!req.paramsKnown) return undefined;
  const list = ctx.report.endpoint === 'authorize-redirect' ? REQUIRED['authorize']
    : req.flow === 'backend' ? REQUIRED['backend']
    : req.flow === 'refresh' ? REQUIRED['refresh']
    : req.flow === 'code' ? REQUIRED['code']
    : undefined;
  if (!list) return undefined;
  return list.find((k) => {
    if (k.startsWith('client_assertion') && req.clientAuth !== undefined && req.clientAuth !== 'jwt') return false;
    const v = req.params[k];
    return v === undefined || v === '';
  });
}

/** The parameter an invalid_request most likely refers to. */
export function inferParam(ctx: RankContext): string | undefined {
  return paramNamedBy(ctx.said) ?? paramNotSent(ctx);
}
