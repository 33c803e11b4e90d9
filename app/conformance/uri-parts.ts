/**
 * Splits redirect and endpoint URIs into the parts the redirect and discovery rules compare.
 *
 * Redirect URIs are compared as exact strings (RFC 8252 §8.4), so this keeps the raw text of
 * every part instead of normalising through `URL`, which would hide case, default-port and
 * trailing-slash differences that servers do not forgive.
 */

/** A URI split into raw parts; `host` keeps IPv6 brackets, `port` is undefined when absent. */
export interface UriParts {
  raw: string;
  scheme: string;
  /** Everything before the port: `scheme://userinfo@host`. */
  prefix: string;
  host: string;
  port?: string;
  /** Path, query and fragment, exactly as written. */
  rest: string;
  hasAuthority: boolean;
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;

/** Parses an absolute URI; undefined when there is no scheme. Never throws. */
export function parseUri(raw: unknown): UriParts | undefined {
  if (typeof raw !== 'string') return undefined;
  const m = SCHEME.exec(raw);
  if (!m) return undefined;
  const scheme = m[1] as string;
  const afterScheme = raw.slice(scheme.length + 1);
  if (!afterScheme.startsWith('//')) {
    return { raw, scheme, prefix: `${scheme}:`, host: '', rest: afterScheme, hasAuthority: false };
  }
  const authEnd = afterScheme.slice(2).search(/[/?#]/);
  const authority = authEnd < 0 ? afterScheme.slice(2) : afterScheme.slice(2, 2 + authEnd);
  const rest = authEnd < 0 ? '' : afterScheme.slice(2 + authEnd);
  const at = authority.lastIndexOf('@');
  const userinfo = at >= 0 ? authority.slice(0, at + 1) : '';
  const hostPort = authority.slice(at + 1);
  let host = hostPort;
  let port: string | undefined;
  const portMatch = /^(\[[^\]]*\]|[^:]*):(\d*)$/.exec(hostPort);
  if (portMatch) {
    host = portMatch[1] as string;
    port = portMatch[2] as string;
  }
  return { raw, scheme, prefix: `${scheme}://${userinfo}${host}`, host, port, rest, hasAuthority: true };
}

/** True for an IPv4 loopback literal (127.0.0.0/8) or the IPv6 loopback `[::1]`. */
export function isLoopbackIp(host: string): boolean {
  const h = host.toLowerCase();
  if (h === '[::1]' || h === '::1' || h === '[0:0:0:0:0:0:0:1]') return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return m !== null && m.slice(1).every((o) => Number(o) <= 255);
}

/** True for `localhost` and names under `.localhost` (RFC 6761), ignoring a trailing dot. */
export function isLocalhostName(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost');
}

/** True for any host that never leaves the machine: loopback IP literals and localhost names. */
export function isLoopbackHost(host: string): boolean {
  return isLoopbackIp(host) || isLocalhostName(host);
}
