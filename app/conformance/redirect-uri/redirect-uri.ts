import { finding } from '../finding.ts';
import { isLocalhostName, isLoopbackIp, parseUri, type UriParts } from '../uri-parts.ts';
import type { CheckOptions, Finding } from '../types.ts';
import { show } from '../values.ts';

/**
 * Redirect URI rules for desktop, mobile and web apps (rules 160-166 of conformance.md).
 *
 * The tool listens on a loopback redirect; these checks tell the developer whether the URI they
 * registered and the one they send will be accepted, before the server shows a dead-end error page.
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.3
 */

/** Input of checkRedirectUri (conformance-api.md). */
export interface RedirectUriInput {
  appType?: 'native-desktop' | 'native-mobile' | 'web' | string;
  registeredRedirectUris?: unknown;
  requestedRedirectUri?: unknown;
}

function isLoopbackRedirect(p: UriParts | undefined): p is UriParts {
  return p !== undefined && p.scheme.toLowerCase() === 'http' && p.hasAuthority && isLoopbackIp(p.host);
}

/** Findings about the form of one redirect URI (160-163, 166). */
function formFindings(uri: string): Finding[] {
  const out: Finding[] = [];
  const p = parseUri(uri);
  if (uri.includes('#')) out.push(finding('REDIR-FRAGMENT', `redirect URI ${show(uri)} contains a fragment ("#")`));
  if (!p) return out;
  const scheme = p.scheme.toLowerCase();
  if (isLoopbackRedirect(p)) {
    out.push(finding('REDIR-LOOPBACK', `redirect URI ${show(uri)} is a loopback IP redirect`));
  }
  if (p.hasAuthority && isLocalhostName(p.host)) {
    out.push(finding('REDIR-LOCALHOST', `redirect URI ${show(uri)} uses "${p.host}" instead of the loopback IP literal 127.0.0.1`));
  }
  if (scheme === 'http' && !(p.hasAuthority && (isLoopbackIp(p.host) || isLocalhostName(p.host)))) {
    out.push(finding('REDIR-HTTP-NON-LOOPBACK', `redirect URI ${show(uri)} uses plain http to host ${show(p.host)}`));
  }
  if (scheme !== 'http' && scheme !== 'https' && !scheme.includes('.')) {
    out.push(finding('REDIR-PRIVATE-SCHEME', `redirect URI ${show(uri)} uses the short private scheme "${p.scheme}:"; use a reverse-domain scheme`));
  }
  return out;
}

/** Describes how a requested URI differs from the closest registered one, for the message. */
function describeDifference(requested: string, registered: string[]): string {
  const sameIgnoringSlash = registered.find((r) => r.replace(/\/+$/, '') === requested.replace(/\/+$/, ''));
  if (sameIgnoringSlash !== undefined) return `differs from registered ${show(sameIgnoringSlash)} only by a trailing slash`;
  const sameIgnoringCase = registered.find((r) => r.toLowerCase() === requested.toLowerCase());
  if (sameIgnoringCase !== undefined) return `differs from registered ${show(sameIgnoringCase)} only in letter case`;
  const rp = parseUri(requested);
  if (rp?.hasAuthority) {
    const hostSwap = registered.find((r) => {
      const q = parseUri(r);
      return q?.hasAuthority === true && q.rest === rp.rest && q.host !== rp.host &&
        (isLoopbackIp(q.host) || isLocalhostName(q.host)) && (isLoopbackIp(rp.host) || isLocalhostName(rp.host));
    });
    if (hostSwap !== undefined) return `uses host ${show(rp.host)} but ${show(hostSwap)} is registered (localhost ≠ 127.0.0.1)`;
  }
  return `matches none of the registered redirect URIs (${registered.map((r) => show(r, 60)).join(', ')})`;
}

/** REDIR-EXACT-MATCH / REDIR-LOOPBACK-PORT: exact string match, except the port of a loopback IP. */
function matchFindings(requested: string, registered: string[]): Finding[] {
  if (registered.length === 0 || registered.includes(requested)) return [];
  const rp = parseUri(requested);
  if (isLoopbackRedirect(rp)) {
    const portOnly = registered.find((r) => {
      const q = parseUri(r);
      return isLoopbackRedirect(q) && q.prefix === rp.prefix && q.rest === rp.rest;
    });
    if (portOnly !== undefined) {
      const regPort = parseUri(portOnly)?.port;
      return [finding('REDIR-LOOPBACK-PORT',
        `loopback redirect ${show(requested)} uses port ${rp.port || '(none)'} while ${show(portOnly)} is registered with ${regPort ? `port ${regPort}` : 'no port'}`)];
    }
  }
  return [finding('REDIR-EXACT-MATCH', `redirect URI ${show(requested)} ${describeDifference(requested, registered)}`)];
}

/** Checks a requested redirect URI against the registered ones (rules 160-166); never throws. */
export function checkRedirectUri(input: RedirectUriInput, _opts?: CheckOptions): Finding[] {
  const src = (typeof input === 'object' && input !== null ? input : {}) as RedirectUriInput;
  const registered = Array.isArray(src.registeredRedirectUris)
    ? src.registeredRedirectUris.filter((r): r is string => typeof r === 'string')
    : [];
  const requested = src.requestedRedirectUri;
  if (typeof requested !== 'string' || requested === '') {
    return [finding('REDIR-EXACT-MATCH', `no usable redirect URI was requested (got ${show(requested)})`)];
  }
  return redirectUriFindings(requested, registered);
}

/** Form and match checks for a redirect URI, reused by the authorize-request inspector. */
export function redirectUriFindings(requested: string, registered: string[]): Finding[] {
  return [...formFindings(requested), ...matchFindings(requested, registered)];
}
