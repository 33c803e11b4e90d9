import { finding } from '../finding.ts';
import type { Finding } from '../types.ts';
import { header, show } from '../values.ts';

/**
 * JWKS-URL: the client's JWKS must be fetchable by the authorization server over TLS, without
 * authentication, from a public address. Classifying the address is its own small concern.
 */

function ipv4Private(host: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return false;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return a === 127 || a === 10 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) ||
    (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
}

function ipv6Private(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (!h.includes(':')) return false;
  if (h === '::1' || h === '::') return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
  if (mapped) return ipv4Private(mapped[1] as string);
  return /^f[cd][0-9a-f]{2}:/.test(h) || /^fe[89ab][0-9a-f]:/.test(h);
}

/** True for loopback, private-network, link-local and local-only host names or addresses. */
export function isPrivateHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  if (h === 'localhost' || h.endsWith('.localhost') || h.endsWith('.local') || h.endsWith('.internal')) return true;
  return ipv4Private(h) || ipv6Private(h);
}

/** Why a JWKS URL (and the response it gave) cannot serve an authorization server; [] when fine. */
export function jwksUrlProblems(url: unknown, status: unknown, headers: unknown): string[] {
  const problems: string[] = [];
  if (url !== undefined) {
    let parsed: URL | undefined;
    try {
      parsed = typeof url === 'string' ? new URL(url) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!parsed) problems.push(`${show(url)} is not an absolute URL`);
    else {
      if (parsed.protocol !== 'https:') problems.push(`${show(url)} is not https`);
      if (isPrivateHost(parsed.hostname)) problems.push(`host ${show(parsed.hostname)} is a loopback/private address the server cannot reach`);
    }
  }
  if (typeof status === 'number') {
    if (status === 401 || status === 403) problems.push(`it answered ${status}: the JWKS must be readable without authentication`);
    else if (status < 200 || status > 299) problems.push(`it answered HTTP ${status}`);
  }
  if (header(headers, 'www-authenticate') !== undefined && status !== 401 && status !== 403) {
    problems.push('the response carries WWW-Authenticate: the JWKS must be readable without authentication');
  }
  return problems;
}

/** JWKS-URL as one finding naming every problem found. */
export function checkJwksUrl(url: unknown, status: unknown, headers: unknown): Finding[] {
  const problems = jwksUrlProblems(url, status, headers);
  return problems.length === 0 ? [] : [finding('JWKS-URL', `JWKS URL: ${problems.join('; ')}`)];
}
