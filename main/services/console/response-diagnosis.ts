import { bySeverity, uniqueFindings, explainOAuthError, inspectAccessToken, inspectFhirRequest, type Finding } from '../../../app/conformance/index.ts';
import { decodeJwt } from 'jose';
import type { HeaderList } from '../../../app/activity/index.ts';
import type { ConsoleDiagnosis } from '../../../app/contract/index.ts';
import { isAuthCode, type Profile } from '../../../app/profiles/index.ts';
import { clientAuthKind } from '../tokens/flows/index.ts';
import { clockSkewSeconds } from '../tokens/lifecycle/index.ts';
import { headersRecord } from '../tokens/http/index.ts';
import { scrubSecrets } from '../diagnosis/index.ts';
import type { AccessToken } from '../tokens/index.ts';

/**
 * Runs the conformance engine on one console exchange: the explanation of a failed answer
 * (explainOAuthError for a resource server), the checks of how the token was presented
 * (inspectFhirRequest) and of the token itself (inspectAccessToken), plus the server's clock skew.
 *
 * Why: a 401 or 403 from a FHIR server says little ("invalid_token"); the developer needs the
 * likeliest cause, ranked by what was actually sent, right next to the answer. Nothing here
 * implements a rule; it feeds the engine what main knows (the real token stays in main) and
 * scrubs every token value out of the findings before they leave.
 */

/** The part of a failed body the error explainer reads (an OperationOutcome or OAuth JSON fits easily). */
export const DIAGNOSIS_BODY_BYTES = 64 * 1024;

/** One exchange as main saw it. */
export interface ConsoleExchange {
  profile: Profile;
  /** The request exactly as sent, Authorization header included (main only). */
  request: { method: string; url: string; headers: Record<string, string> };
  /** The profile's token, when one was attached. */
  token?: AccessToken;
  /** Undefined when no answer arrived (refused, reset, timed out). */
  response?: { status: number; headers: HeaderList; body: Buffer; receivedAtMs: number };
  /** Main's clock (epoch ms): the time every expiry check uses. */
  nowMs: number;
}

const serious = (f: Finding) => f.severity !== 'info';


const flowOf = (p: Profile) => (p.authMethod === 'none' ? 'none' : isAuthCode(p.authMethod) ? 'authorization_code' : 'backend');

function claimsOf(token: string | undefined): Record<string, unknown> | undefined {
  if (!token || token.split('.').length !== 3) return undefined;
  try {
    return decodeJwt(token) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Every credential value the request carried: the profile's token and a typed Authorization header's. */
export function secretsOf(x: Pick<ConsoleExchange, 'request' | 'token'>): string[] {
  const out = x.token ? [x.token.accessToken] : [];
  const typed = headersRecord(x.request.headers)['authorization'];
  const credential = typed ? /^\s*\S+\s+(.+)$/.exec(typed)?.[1]?.trim() ?? typed.trim() : undefined;
  if (credential) out.push(credential);
  return out;
}

/** The token response as far as the console knows it (main only: it carries the token). */
function tokenResponseOf(token: AccessToken | undefined, nowMs: number): Record<string, unknown> {
  if (!token) return {};
  const out: Record<string, unknown> = { ...(token.response ?? {}), access_token: token.accessToken, token_type: token.tokenType };
  if (token.scope !== undefined) out['scope'] = token.scope;
  if (token.expiresAt !== undefined) out['expires_in'] = Math.round((token.expiresAt - nowMs) / 1000);
  return out;
}

/** What the request and its token look like to the engine; the same checks for answers and transport failures. */
async function checksOf(x: ConsoleExchange, opts: { now: number }): Promise<Finding[]> {
  const { profile, request, token } = x;
  const tokenResponse = tokenResponseOf(token, x.nowMs);
  const sent = inspectFhirRequest({ fhirBaseUrl: profile.fhirBaseUrl, tokenResponse, request }, opts);
  const tokenChecks = token
    ? await inspectAccessToken({ token: token.accessToken, clientId: profile.clientId, fhirBaseUrl: profile.fhirBaseUrl, tokenResponse }, opts)
    : [];
  return uniqueFindings([...sent, ...tokenChecks]);
}

/** The explanation of a failed answer, its causes ranked by what was sent. */
function explain(x: ConsoleExchange, res: NonNullable<ConsoleExchange['response']>, checks: Finding[], opts: { now: number }): Finding[] {
  const { profile, request, token } = x;
  const claims = claimsOf(token?.accessToken);
  return explainOAuthError({
    endpoint: 'resource', status: res.status, headers: headersRecord(res.headers),
    rawBody: res.body.subarray(0, DIAGNOSIS_BODY_BYTES).toString('utf8'),
    requestSummary: {
      method: request.method, url: request.url, flow: flowOf(profile), client_auth: clientAuthKind(profile.authMethod), client_id: profile.clientId,
      granted_scope: token?.scope, token_sent: !!token, token_type: token?.tokenType,
      // The header's shape without its credential: the causes ask only whether one was sent and how.
      authorization: headersRecord(request.headers)['authorization']?.replace(/^(\s*\S+)\s+\S.*$/, '$1 …'),
      ...(claims ? { access_token_claims: claims } : {}),
      ...(token?.expiresAt !== undefined ? { token_expires_at: token.expiresAt } : {}),
      findings: checks,
    },
  }, opts);
}

/**
 * The diagnosis of one console exchange, or undefined when there is nothing to say: a failed
 * answer (status 400 or above) or a transport failure always gets one; a success only when the
 * request check warns (the happy path stays quiet).
 */
export async function diagnoseConsoleExchange(x: ConsoleExchange): Promise<ConsoleDiagnosis | undefined> {
  const opts = { now: Math.floor(x.nowMs / 1000) };
  const checks = await checksOf(x, opts);
  const res = x.response;
  let findings: Finding[];
  let skew: number | undefined;
  if (res && res.status < 400) {
    findings = bySeverity(checks.filter(serious));
    if (findings.length === 0) return undefined;
  } else if (res) {
    skew = clockSkewSeconds(headersRecord(res.headers)['date'], res.receivedAtMs);
    // The explanation leads (it ranks the causes); then what the checks found, worst first.
    findings = uniqueFindings([...explain(x, res, checks, opts), ...bySeverity(checks)]);
  } else {
    findings = bySeverity(checks);
  }
  const secrets = secretsOf(x);
  const scrubbed = findings.map((f) => ({
    ...f, message: scrubSecrets(f.message, secrets), ...(f.explanation !== undefined ? { explanation: scrubSecrets(f.explanation, secrets) } : {}),
  }));
  return { findings: scrubbed, ...(skew !== undefined ? { clockSkewSeconds: skew } : {}) };
}

/** The warnings and errors of a diagnosis as one sentence, for a transport failure's message. */
export function seriousFindingsSentence(d: ConsoleDiagnosis | undefined): string {
  const list = (d?.findings ?? []).filter(serious);
  return list.length ? ` Checks of what was sent: ${list.map((f) => `${f.rule}: ${f.message}`).join('; ')}.` : '';
}
