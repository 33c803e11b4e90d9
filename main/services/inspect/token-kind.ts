import type { InspectedTokenKind } from '../../../app/contract/index.ts';
import { decodeJws, type DecodedJws } from '../../../app/conformance/index.ts';

/**
 * Tells what a pasted token is: a signed JWT, an encrypted JWE, or an opaque string, and (when
 * the user leaves it on "auto") whether it is an access, ID or refresh token.
 *
 * People paste whatever they copied from a log or a response; guessing the kind from the claims
 * lets the right rules run without a form to fill in first.
 */

/** What the token looks like. */
export type TokenShape = { format: 'jwt'; jws: DecodedJws } | { format: 'jwe' } | { format: 'opaque'; why: string };

/** Strips what people copy along with a token: "Bearer ", quotes, whitespace and line breaks. */
export function cleanToken(text: string): string {
  let t = text.trim().replace(/^authorization:\s*/i, '').replace(/^bearer\s+/i, '').trim();
  if ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'"))) t = t.slice(1, -1);
  return /^[A-Za-z0-9_.~+/=-]+(\s+[A-Za-z0-9_.~+/=-]+)*$/.test(t) && t.includes('.') ? t.replace(/\s+/g, '') : t;
}

/** Reads a token's shape without verifying anything. */
export function tokenShape(token: string): TokenShape {
  const segments = token.split('.');
  if (segments.length === 5) return { format: 'jwe' };
  const decoded = decodeJws(token);
  if (decoded.ok) return { format: 'jwt', jws: decoded.jws };
  if (segments.length === 3) return { format: 'opaque', why: 'it has three dot-separated parts, but they are not base64url JSON' };
  return { format: 'opaque', why: 'it is not a JWT (three dot-separated base64url parts)' };
}

/** The kind of a token when the user chose "auto": from `typ` and claims a JWT carries. */
export function guessTokenKind(shape: TokenShape, clientId: string | undefined): InspectedTokenKind {
  if (shape.format !== 'jwt') return 'access';
  const { header, payload } = shape.jws;
  const typ = typeof header['typ'] === 'string' ? header['typ'].toLowerCase() : '';
  if (typ === 'at+jwt' || typ === 'application/at+jwt') return 'access';
  if (typ.includes('refresh')) return 'refresh';
  if ('nonce' in payload || 'at_hash' in payload || 'auth_time' in payload || 'azp' in payload) return 'id';
  if ('scope' in payload || 'scp' in payload || 'client_id' in payload) return 'access';
  const aud = payload['aud'];
  const auds = Array.isArray(aud) ? aud : [aud];
  if (clientId && auds.includes(clientId) && typeof payload['sub'] === 'string') return 'id';
  if ('fhirUser' in payload || 'profile' in payload || 'email' in payload) return 'id';
  return 'access';
}
