import { finding } from '../finding.ts';
import { parseUri } from '../uri-parts.ts';
import type { Finding } from '../types.ts';
import { show } from '../values.ts';

/**
 * The authorize request's `aud` (rules 153-154): present, and exactly the FHIR base URL.
 *
 * Mixing up the two `aud`s of SMART (FHIR base here, token endpoint in the client assertion) is
 * one of the most common mistakes, so the message names which wrong URL was used.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#request-4
 */

/** What the aud check compares against. */
export interface AudContext {
  expected: string | undefined;
  expectedSource: 'launch iss' | 'FHIR base URL';
  fhirBaseUrl?: string;
  authorizationEndpoint?: string;
  tokenEndpoint?: string;
}

function stripSlash(s: string): string {
  return s.replace(/\/+$/, '');
}

/** Names the kind of difference between `aud` and the expected FHIR base. */
export function describeAudDifference(aud: string, ctx: AudContext): string {
  const expected = ctx.expected ?? '';
  if (ctx.tokenEndpoint && aud === ctx.tokenEndpoint) {
    return 'is the token endpoint (that is the client assertion\'s aud); the authorize request\'s aud is the FHIR base URL';
  }
  if (ctx.authorizationEndpoint && aud === ctx.authorizationEndpoint) return 'is the authorization endpoint, not the FHIR base URL';
  if (stripSlash(aud) === stripSlash(expected)) return 'differs from it only by a trailing slash';
  if (aud.toLowerCase() === expected.toLowerCase()) return 'differs from it only in letter case';
  if (ctx.expectedSource === 'launch iss' && ctx.fhirBaseUrl && aud === ctx.fhirBaseUrl) {
    return 'is the configured FHIR base, but the EHR launched the app with a different iss';
  }
  const a = parseUri(aud);
  const e = parseUri(expected);
  if (!a?.hasAuthority) return 'is not an absolute URL';
  if (e?.hasAuthority) {
    if (a.host.toLowerCase() !== e.host.toLowerCase()) return `names another host (${a.host} instead of ${e.host})`;
    if (a.scheme.toLowerCase() !== e.scheme.toLowerCase()) return `uses scheme ${a.scheme} instead of ${e.scheme}`;
    if (a.port !== e.port) return `uses another port (${a.port ?? 'default'} instead of ${e.port ?? 'default'})`;
    if (stripSlash(e.rest).startsWith(stripSlash(a.rest))) {
      return 'is a prefix of the FHIR base (an issuer or server root used instead of the FHIR endpoint)';
    }
  }
  return 'points to another path on the server';
}

/** AUTHZ-AUD and AUTHZ-AUD-VALUE for one authorize request's parameters. */
export function audFindings(params: Record<string, unknown>, ctx: AudContext): Finding[] {
  const out: Finding[] = [];
  const aud = params['aud'];
  const resource = params['resource'];
  const hasAud = aud !== undefined && aud !== null && aud !== '';
  const hasResource = typeof resource === 'string' && resource !== '';
  let value: unknown = aud;
  if (!hasAud) {
    if (hasResource) {
      out.push(finding('AUTHZ-AUD', `authorize request sends resource=${show(resource)} but no aud; servers only MAY accept resource as a synonym`, 'warning'));
      value = resource;
    } else {
      out.push(finding('AUTHZ-AUD', 'authorize request has no aud parameter (the FHIR base URL)'));
      return out;
    }
  }
  if (ctx.expected === undefined) return out;
  const name = hasAud ? 'aud' : 'resource';
  if (typeof value !== 'string') {
    out.push(finding('AUTHZ-AUD-VALUE', `${name} is not a string: ${show(value)}; expected ${show(ctx.expected)}`));
  } else if (value !== ctx.expected) {
    out.push(finding('AUTHZ-AUD-VALUE',
      `${name}=${show(value)} ${describeAudDifference(value, ctx)} (expected the ${ctx.expectedSource} ${show(ctx.expected)})`));
  }
  return out;
}
