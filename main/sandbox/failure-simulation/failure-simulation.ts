import type { ServerResponse } from 'node:http';
import { delay } from '../http-util.ts';

/**
 * Failure simulation: the sandbox misbehaves on purpose, per client or per request.
 *
 * Why: developers get stuck on the failures real servers produce (expired tokens, rejected
 * clients, slow or broken endpoints, skewed clocks), and the app must show them what each one
 * looks like. A mode is chosen by client metadata (`sandbox_fail`, set at registration) or per
 * request (header `X-Sandbox-Fail`, or query parameter `sandbox_fail`); both take a
 * comma-separated list such as `slow=1500,clock-skew=-600`. A sandbox can also be started with
 * modes that apply to every request (`startSandbox({ failures })`, `--fail` on the command
 * line): that is how it plays a plain OAuth server, whose discovery no request header can change.
 */

/** Every failure mode the sandbox can simulate. */
export type FailureModeName =
  | 'expired-token'
  | 'invalid_client'
  | 'invalid_grant'
  | 'invalid_scope'
  | 'slow'
  | 'server-error'
  | 'fhir-401'
  | 'clock-skew'
  | 'no-smart-configuration'
  | 'no-oauth-uris';

/** A parsed mode with its optional numeric argument. */
export interface FailureMode {
  name: FailureModeName;
  value?: number;
}

/** What each mode does, where it applies and its argument: printed by the CLI and used in docs. */
export const FAILURE_MODES: ReadonlyArray<{ name: FailureModeName; where: string; effect: string }> = [
  { name: 'expired-token', where: 'token endpoint', effect: 'access tokens are issued already expired (exp an hour ago; expires_in unchanged), so the FHIR API answers 401 invalid_token' },
  { name: 'invalid_client', where: 'token endpoint', effect: '401 {"error":"invalid_client"}' },
  { name: 'invalid_grant', where: 'token endpoint', effect: '400 {"error":"invalid_grant"}' },
  { name: 'invalid_scope', where: 'token endpoint', effect: '400 {"error":"invalid_scope"}' },
  { name: 'slow', where: 'every endpoint', effect: 'delay the response; slow=<ms> (default 2000, max 60000)' },
  { name: 'server-error', where: 'token endpoint, FHIR API, bulk export', effect: 'server-error=<status> (default 500; 503 adds Retry-After): OAuth server_error / OperationOutcome' },
  { name: 'fhir-401', where: 'FHIR API and bulk export', effect: '401 with WWW-Authenticate: Bearer error="invalid_token" even for a valid token' },
  { name: 'clock-skew', where: 'every endpoint', effect: 'Date response header shifted; clock-skew=<seconds> (default 600, may be negative)' },
  { name: 'no-smart-configuration', where: 'FHIR discovery', effect: '[base]/.well-known/smart-configuration answers 404: only the RFC 8414 and OpenID Connect metadata at the issuer remain (a plain OAuth server); best as a sandbox-wide mode (--fail)' },
  { name: 'no-oauth-uris', where: 'FHIR discovery', effect: 'the CapabilityStatement carries no SMART oauth-uris extension or service coding' },
];

const NAMES = new Set<string>(FAILURE_MODES.map((m) => m.name));
const ALIASES: Record<string, FailureModeName> = {
  delay: 'slow',
  '5xx': 'server-error',
  'server_error': 'server-error',
  'expired_token': 'expired-token',
  'invalid-client': 'invalid_client',
  'invalid-grant': 'invalid_grant',
  'invalid-scope': 'invalid_scope',
  'clock_skew': 'clock-skew',
  'fhir_401': 'fhir-401',
  'no_smart_configuration': 'no-smart-configuration',
  'no_oauth_uris': 'no-oauth-uris',
};

/** Thrown for a failure-mode list that cannot be parsed (the sandbox answers 400). */
export class FailureModeSyntaxError extends Error {}

/**
 * Parse `slow=1500, clock-skew=-60` into modes.
 *
 * Unknown names and non-numeric arguments throw `FailureModeSyntaxError` so a typo is reported
 * instead of silently ignored.
 */
export function parseFailureModes(spec: string | undefined | null): FailureMode[] {
  if (!spec || !spec.trim()) return [];
  return spec.split(',').map((part) => part.trim()).filter(Boolean).map((part) => {
    const [rawName = '', rawValue] = part.split(/[=:]/, 2);
    const lowered = rawName.trim().toLowerCase();
    const name = (ALIASES[lowered] ?? lowered) as FailureModeName;
    if (!NAMES.has(name)) {
      throw new FailureModeSyntaxError(`unknown failure mode "${rawName}" (known: ${[...NAMES].join(', ')})`);
    }
    if (rawValue === undefined || rawValue.trim() === '') return { name };
    const value = Number(rawValue.trim());
    if (!Number.isFinite(value)) throw new FailureModeSyntaxError(`failure mode "${name}" needs a number, got "${rawValue}"`);
    return { name, value };
  });
}

/** Merge several sources (client metadata, header, query); later sources win per mode name. */
export function mergeFailureModes(...lists: FailureMode[][]): FailureMode[] {
  const byName = new Map<FailureModeName, FailureMode>();
  for (const list of lists) for (const mode of list) byName.set(mode.name, mode);
  return [...byName.values()];
}

/** The mode with this name, if active. */
export function findMode(modes: readonly FailureMode[], name: FailureModeName): FailureMode | undefined {
  return modes.find((m) => m.name === name);
}

/** Modes requested on one HTTP request by header `X-Sandbox-Fail` and/or query `sandbox_fail`. */
export function requestFailureModes(headerValue: string | string[] | undefined, url: URL): FailureMode[] {
  const header = Array.isArray(headerValue) ? headerValue.join(',') : headerValue;
  return mergeFailureModes(parseFailureModes(header), parseFailureModes(url.searchParams.get('sandbox_fail')));
}

/** Modes registered on a client (`sandbox_fail` metadata); malformed metadata is ignored. */
export function clientFailureModes(client: unknown): FailureMode[] {
  const spec = (client as { sandbox_fail?: unknown; sandboxFail?: unknown } | undefined);
  const value = spec?.sandbox_fail ?? spec?.sandboxFail;
  if (typeof value !== 'string') return [];
  try {
    return parseFailureModes(value);
  } catch {
    return [];
  }
}

/** Delay in ms for the `slow` mode (0 when inactive). */
export function slowDelayMs(modes: readonly FailureMode[]): number {
  const slow = findMode(modes, 'slow');
  if (!slow) return 0;
  return Math.min(Math.max(slow.value ?? 2000, 0), 60_000);
}

/** The `Date` header value for the `clock-skew` mode, or undefined when inactive. */
export function skewedDateHeader(modes: readonly FailureMode[], nowMs = Date.now()): string | undefined {
  const skew = findMode(modes, 'clock-skew');
  if (!skew) return undefined;
  return new Date(nowMs + (skew.value ?? 600) * 1000).toUTCString();
}

/** HTTP status for the `server-error` mode (500 unless a 5xx was given), or undefined. */
export function serverErrorStatus(modes: readonly FailureMode[]): number | undefined {
  const mode = findMode(modes, 'server-error');
  if (!mode) return undefined;
  const status = mode.value ?? 500;
  return status >= 500 && status <= 599 ? Math.trunc(status) : 500;
}

/** The OAuth error a token request must fail with under the active modes, if any. */
export function tokenEndpointFailure(
  modes: readonly FailureMode[],
): { status: number; error: string; description: string; retryAfter?: string } | undefined {
  const server = serverErrorStatus(modes);
  if (server !== undefined) {
    return server === 503
      ? { status: 503, error: 'temporarily_unavailable', description: 'sandbox failure mode: server-error=503', retryAfter: '5' }
      : { status: server, error: 'server_error', description: `sandbox failure mode: server-error=${server}` };
  }
  if (findMode(modes, 'invalid_client')) return { status: 401, error: 'invalid_client', description: 'sandbox failure mode: invalid_client' };
  if (findMode(modes, 'invalid_grant')) return { status: 400, error: 'invalid_grant', description: 'sandbox failure mode: invalid_grant' };
  if (findMode(modes, 'invalid_scope')) return { status: 400, error: 'invalid_scope', description: 'sandbox failure mode: invalid_scope' };
  return undefined;
}

/** Apply `slow` and `clock-skew`: delay, then stamp the (possibly skewed) Date header. */
export async function applyTimingModes(res: ServerResponse, modes: readonly FailureMode[]): Promise<void> {
  const wait = slowDelayMs(modes);
  if (wait > 0) await delay(wait);
  const date = skewedDateHeader(modes);
  if (date && !res.headersSent) res.setHeader('date', date);
}
