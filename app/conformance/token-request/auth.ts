import { finding } from '../finding.ts';
import { decodeJws } from '../jws.ts';
import { changedByFormEncoding, formDecode, formEncode } from './form.ts';
import type { Finding } from '../types.ts';
import { isObject, show } from '../values.ts';

/**
 * Client authentication in a token request (rules 51-52 and 55-61, 66): which credentials were
 * sent (Basic header, `client_secret`, `client_assertion`), whether that fits the client type and
 * flow, and whether `client_id` agrees with them.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3
 */

/** The parts of a token request the authentication rules look at. */
export interface AuthView {
  flow: unknown;
  clientType: unknown;
  clientId: unknown;
  clientSecret: unknown;
  discovery: unknown;
  /** First value of each body parameter (decoded). */
  params: Map<string, string>;
  authorization: string | undefined;
}

export const ASSERTION_TYPE_URN = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const GRANT_TYPE_URN = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** The decoded `Authorization: Basic` credentials, or why they cannot be read. */
type Basic = { ok: true; decoded: string } | { ok: false; why: string };

function readBasic(authorization: string | undefined): Basic | undefined {
  const m = /^\s*basic(?:\s+(.*))?$/i.exec(authorization ?? '');
  if (!m) return undefined;
  const b64 = (m[1] ?? '').trim();
  if (b64 === '') return { ok: false, why: 'the Basic header carries no credentials' };
  try {
    const bin = atob(b64);
    const decoded = new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
    if (!decoded.includes(':')) return { ok: false, why: `the Basic credentials decode to ${show(decoded.split(':')[0])} without the ":" separator` };
    return { ok: true, decoded };
  } catch {
    return { ok: false, why: `the Basic credentials ${show(b64, 30)} are not base64` };
  }
}

/** TOKREQ-BASIC-ENCODING: id/secret inside Basic must be form-encoded before base64 (RFC 6749 §2.3.1). */
function checkBasicEncoding(basic: Basic, clientId: unknown, clientSecret: unknown): Finding[] {
  const f = (msg: string) => [finding('TOKREQ-BASIC-ENCODING', msg)];
  if (!basic.ok) return f(basic.why);
  if (typeof clientId !== 'string') return [];
  const d = basic.decoded;
  const encId = formEncode(clientId);
  if (typeof clientSecret === 'string') {
    if (d === `${encId}:${formEncode(clientSecret)}`) return [];
    if (d === `${clientId}:${clientSecret}`) {
      const which = [changedByFormEncoding(clientId) ? 'client_id' : '', changedByFormEncoding(clientSecret) ? 'client_secret' : ''].filter(Boolean).join(' and ');
      return f(`the Basic credentials were built from the raw ${which}; RFC 6749 §2.3.1 form-encodes id and secret first (client_id would be ${show(encId)})`);
    }
    const user = d.slice(0, d.indexOf(':'));
    if (user !== encId && user !== clientId) return f(`the Basic username ${show(user)} is neither the client_id ${show(clientId)} nor its form-encoding`);
    return f('the Basic password is neither the client_secret nor its form-encoding');
  }
  if (d.startsWith(`${encId}:`)) {
    const password = d.slice(encId.length + 1);
    if (/[^A-Za-z0-9*\-._~%+]/.test(password)) return f('the Basic password contains characters (":", "&", "=", "/", space, non-ASCII ...) that form-encoding would have escaped');
    return [];
  }
  if (d.startsWith(`${clientId}:`)) return f(`the Basic username is the raw client_id ${show(clientId)}; form-encode it first (${show(encId)})`);
  return f(`the Basic username ${show(d.slice(0, d.indexOf(':')))} is not the client_id ${show(clientId)}`);
}

function clientIdMismatch(v: AuthView, basic: Basic | undefined): Finding[] {
  const cid = v.params.get('client_id');
  if (cid === undefined) return [];
  const others: string[] = [];
  const assertion = v.params.get('client_assertion');
  if (assertion) {
    const d = decodeJws(assertion);
    if (d.ok) {
      for (const claim of ['iss', 'sub'] as const) {
        const val = d.jws.payload[claim];
        if (typeof val === 'string' && val !== cid) others.push(`assertion ${claim} ${show(val)}`);
      }
    }
  }
  if (basic?.ok) {
    const user = basic.decoded.slice(0, basic.decoded.indexOf(':'));
    if (user !== cid && formDecode(user) !== cid) others.push(`Basic username ${show(user)}`);
  }
  if (others.length === 0) return [];
  return [finding('TOKREQ-CLIENT-ID-MISMATCH', `client_id ${show(cid)} differs from the ${others.join(' and ')}`)];
}

function assertionTypeFindings(v: AuthView): Finding[] {
  if (!v.params.has('client_assertion')) return [];
  const t = v.params.get('client_assertion_type');
  if (t === ASSERTION_TYPE_URN) return [];
  let hint = '';
  if (t === GRANT_TYPE_URN) hint = ' (that is the grant-type URN)';
  else if (t !== undefined && /%[0-9A-Fa-f]{2}/.test(t)) hint = ' (it was URL-encoded twice)';
  const what = t === undefined ? 'client_assertion_type is missing' : `client_assertion_type is ${show(t)}${hint}`;
  return [finding('TOKREQ-ASSERTION-TYPE', `${what}; it must be exactly ${ASSERTION_TYPE_URN}`)];
}

/** True when the request authenticates (or must authenticate) with a client assertion. */
export function asymmetricSelected(v: AuthView, hasBasic: boolean): boolean {
  return v.clientType === 'confidential-asymmetric' || v.params.has('client_assertion') || v.params.has('client_assertion_type') ||
    (v.flow === 'backend' && v.clientType !== 'confidential-symmetric' && !hasBasic && !v.params.has('client_secret'));
}

/**
 * Checks how a token request authenticates the client (rules 51-52, 55, 57-61, 66).
 *
 * Format problems of a non-empty `client_assertion` are left to inspectAssertion, which the
 * token-request inspector runs on it.
 */
export function checkClientAuth(v: AuthView): Finding[] {
  const out: Finding[] = [];
  const basic = readBasic(v.authorization);
  const hasAssertion = v.params.has('client_assertion');
  const hasSecret = v.params.has('client_secret');
  const methods = [basic ? 'an Authorization: Basic header' : '', hasSecret ? 'client_secret in the body' : '', hasAssertion ? 'client_assertion in the body' : ''].filter(Boolean);
  if (methods.length > 1) out.push(finding('TOKREQ-MULTIPLE-AUTH', `the request authenticates the client ${methods.length} ways: ${methods.join(', ')}`));
  out.push(...assertionTypeFindings(v));
  const assertion = v.params.get('client_assertion');
  if (asymmetricSelected(v, basic !== undefined) && (assertion === undefined || assertion.trim() === '')) {
    out.push(finding('TOKREQ-ASSERTION-MISSING', assertion === undefined ? 'no client_assertion in the body' : 'client_assertion is empty'));
  }
  if (hasSecret) {
    const d = v.discovery;
    // SMART 1.0-era servers name the list `token_endpoint_auth_methods` (DISC-LEGACY-FIELD).
    const lists = isObject(d) ? [d.token_endpoint_auth_methods_supported, d.token_endpoint_auth_methods] : [];
    const supported = lists.some((l) => Array.isArray(l) && l.includes('client_secret_post'));
    out.push(finding('TOKREQ-CLIENT-SECRET-POST', `client_secret is sent in the form body${supported ? ' (the server lists client_secret_post)' : '; use HTTP Basic'}`, supported ? 'info' : undefined));
  }
  if (basic) out.push(...checkBasicEncoding(basic, v.clientId, v.clientSecret));
  out.push(...clientIdMismatch(v, basic));
  const cid = v.params.get('client_id');
  if ((basic || hasAssertion) && cid !== undefined) {
    out.push(finding('TOKREQ-CLIENT-ID-CONFIDENTIAL', `a confidential client (${basic ? 'Basic' : 'client assertion'}) also sends client_id ${show(cid)} in the body`));
  }
  if (!basic && !hasAssertion && !asymmetricSelected(v, false) && (cid === undefined || cid === '')) {
    out.push(finding('TOKREQ-CLIENT-ID-PUBLIC', `the request carries no client authentication and ${cid === undefined ? 'no' : 'an empty'} client_id`));
  }
  const clientCredentials = v.params.get('grant_type') === 'client_credentials' || v.flow === 'backend';
  if (clientCredentials && (basic || hasSecret)) {
    out.push(finding('TOKREQ-SYMMETRIC-BACKEND', `client_credentials request authenticated with a client secret (${basic ? 'Basic' : 'client_secret_post'}), not a private_key_jwt assertion`));
  }
  return out;
}
