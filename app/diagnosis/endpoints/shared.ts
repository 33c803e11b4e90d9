import { finding, type Finding } from '../../conformance/index.ts';
import type { ReadExchange, ReceivedResponse } from '../exchange.ts';
import { serverSaid } from '../explanations.ts';
import { networkFinding } from '../network.ts';
import { type Analysis, type Candidate, inTier } from '../rank.ts';

/**
 * Pieces every endpoint analysis shares: the transport failure, the error code a rule explains,
 * and the note that ties a specific cause to the server's answer.
 */

/** The OAuth / Bearer error code each ERR-* rule explains. */
const RULE_CODE: Record<string, string> = {
  'ERR-INVALID-REQUEST': 'invalid_request', 'ERR-INVALID-CLIENT': 'invalid_client', 'ERR-INVALID-GRANT': 'invalid_grant',
  'ERR-UNAUTHORIZED-CLIENT': 'unauthorized_client', 'ERR-UNSUPPORTED-GRANT-TYPE': 'unsupported_grant_type', 'ERR-INVALID-SCOPE': 'invalid_scope',
  'ERR-ACCESS-DENIED': 'access_denied', 'ERR-UNSUPPORTED-RESPONSE-TYPE': 'unsupported_response_type', 'ERR-SERVER-ERROR': 'server_error',
  'ERR-TEMPORARILY-UNAVAILABLE': 'temporarily_unavailable', 'ERR-INVALID-TOKEN': 'invalid_token', 'ERR-INSUFFICIENT-SCOPE': 'insufficient_scope',
  'ERR-NO-AUTH-INFO': 'no-auth-info', 'ERR-UNSUPPORTED-TOKEN-TYPE': 'unsupported_token_type',
  'ERR-INVALID-CLIENT-METADATA': 'invalid_client_metadata', 'ERR-INVALID-REDIRECT-URI': 'invalid_redirect_uri',
};

/** The code a rule explains, or undefined for rules that explain no code. */
export const codeOfRule = (rule: string): string | undefined => RULE_CODE[rule];

/** No response: the NET-* headline, then what was sent (it may still be wrong, but it is not why). */
export function transportAnalysis(x: ReadExchange, sent: Finding[]): Analysis {
  const net = x.input.networkError
    ? networkFinding(x.input.networkError, x.request.url)
    : finding('DIAG-INCOMPLETE-EXCHANGE', `no response and no network error were recorded for ${x.request.method} ${x.request.url || '(no URL)'}`);
  return { outcome: 'failed', candidates: [{ finding: net, tier: 'transport' }, ...inTier('sent', sent)] };
}

/** A specific cause, with a note that ties it to what the server answered. */
export function enrichSpecific(specific: Candidate[], res: ReceivedResponse, where: string): Candidate[] {
  return specific.map((c) => ({
    ...c,
    finding: {
      ...c.finding,
      explanation: `${c.finding.explanation ?? ''}${c.finding.explanation ? '\n' : ''}Why this comes first: the ${where} answered ${serverSaid(res)}, and this check of what was sent explains that answer.`,
    },
  }));
}
