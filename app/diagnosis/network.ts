import { finding, type Finding, type RuleId } from '../conformance/index.ts';

/**
 * NET-* rules from the error Node (or undici) reports when no HTTP response arrived.
 *
 * Transport comes before protocol: when nothing answered, no credential or parameter can be
 * blamed, so the headline says what the network did, in the words of the code Node gave.
 * @see https://nodejs.org/api/errors.html#common-system-errors
 * @see https://nodejs.org/api/tls.html (OpenSSL verification codes as Node reports them)
 */

const BY_CODE: Record<string, RuleId> = {
  ECONNREFUSED: 'NET-REFUSED', ECONNRESET: 'NET-REFUSED', EPIPE: 'NET-REFUSED', UND_ERR_SOCKET: 'NET-REFUSED', UND_ERR_CLOSED: 'NET-REFUSED',
  ERR_SSL_WRONG_VERSION_NUMBER: 'NET-REFUSED', EPROTO: 'NET-REFUSED', ERR_SSL_PACKET_LENGTH_TOO_LONG: 'NET-REFUSED',
  ENOTFOUND: 'NET-DNS', EAI_AGAIN: 'NET-DNS', EAI_NONAME: 'NET-DNS', EAI_FAIL: 'NET-DNS', EAI_NODATA: 'NET-DNS',
  ETIMEDOUT: 'NET-TIMEOUT', ESOCKETTIMEDOUT: 'NET-TIMEOUT', TIMEOUT: 'NET-TIMEOUT', UND_ERR_CONNECT_TIMEOUT: 'NET-TIMEOUT',
  UND_ERR_HEADERS_TIMEOUT: 'NET-TIMEOUT', UND_ERR_BODY_TIMEOUT: 'NET-TIMEOUT', EHOSTUNREACH: 'NET-TIMEOUT', ENETUNREACH: 'NET-TIMEOUT',
  SELF_SIGNED_CERT_IN_CHAIN: 'NET-TLS-UNTRUSTED', DEPTH_ZERO_SELF_SIGNED_CERT: 'NET-TLS-UNTRUSTED', UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'NET-TLS-UNTRUSTED',
  UNABLE_TO_GET_ISSUER_CERT: 'NET-TLS-UNTRUSTED', UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'NET-TLS-UNTRUSTED', CERT_UNTRUSTED: 'NET-TLS-UNTRUSTED',
  CERT_SIGNATURE_FAILURE: 'NET-TLS-UNTRUSTED', CERT_REVOKED: 'NET-TLS-UNTRUSTED', CERT_REJECTED: 'NET-TLS-UNTRUSTED', INVALID_CA: 'NET-TLS-UNTRUSTED',
  UNABLE_TO_DECRYPT_CERT_SIGNATURE: 'NET-TLS-UNTRUSTED', PATH_LENGTH_EXCEEDED: 'NET-TLS-UNTRUSTED', INVALID_PURPOSE: 'NET-TLS-UNTRUSTED',
  ERR_TLS_CERT_ALTNAME_INVALID: 'NET-TLS-HOSTNAME', ERR_TLS_CERT_ALTNAME_FORMAT: 'NET-TLS-HOSTNAME', HOSTNAME_MISMATCH: 'NET-TLS-HOSTNAME',
  CERT_HAS_EXPIRED: 'NET-TLS-EXPIRED', CERT_NOT_YET_VALID: 'NET-TLS-EXPIRED', ERROR_IN_CERT_NOT_BEFORE_FIELD: 'NET-TLS-EXPIRED',
  ERROR_IN_CERT_NOT_AFTER_FIELD: 'NET-TLS-EXPIRED',
};

const WHAT: Record<string, string> = {
  'NET-REFUSED': 'the connection was refused or closed before any answer',
  'NET-DNS': 'the host name could not be resolved',
  'NET-TIMEOUT': 'no answer arrived in time',
  'NET-TLS-UNTRUSTED': 'the server\'s TLS certificate chain is not trusted',
  'NET-TLS-HOSTNAME': 'the server\'s TLS certificate does not name this host',
  'NET-TLS-EXPIRED': 'the server\'s TLS certificate is expired or not yet valid',
};

/** The NET-* rule for a Node/undici error code; words in the message decide when the code is unknown. */
export function networkRule(code: string, message: string): RuleId {
  const known = BY_CODE[code.trim().toUpperCase()];
  if (known) return known;
  // A message that quotes Node's code ("... not trusted (DEPTH_ZERO_SELF_SIGNED_CERT)") says it best.
  for (const word of message.match(/\b[A-Z][A-Z0-9_]{3,}\b/g) ?? []) {
    const quoted = BY_CODE[word];
    if (quoted) return quoted;
  }
  const m = message.toLowerCase();
  if (/altname|hostname|does not match|subject alternative/.test(m)) return 'NET-TLS-HOSTNAME';
  if (/expired|not yet valid/.test(m) && /cert/.test(m)) return 'NET-TLS-EXPIRED';
  if (/certificate|self[- ]signed|issuer|ssl|tls/.test(m)) return 'NET-TLS-UNTRUSTED';
  if (/getaddrinfo|dns|not found|enotfound/.test(m)) return 'NET-DNS';
  if (/time(d)? ?out|timeout/.test(m)) return 'NET-TIMEOUT';
  return 'NET-REFUSED';
}

/** The finding for a request that got no response: which rule, what happened, where. */
export function networkFinding(error: { code?: unknown; message?: unknown }, url: string): Finding {
  const code = typeof error.code === 'string' ? error.code : '';
  const message = typeof error.message === 'string' ? error.message : '';
  const rule = networkRule(code, message);
  let host = url;
  try { host = new URL(url).host; } catch { /* keep the raw URL */ }
  const said = [code, message].filter((s) => s.trim() !== '').join(': ');
  return finding(rule, `no response from ${host || 'the server'}: ${WHAT[rule]}${said ? ` (${said})` : ''}`);
}
