import { decodeJws, describeJwsError, type DecodedJws } from '../../../../app/conformance/index.ts';

/**
 * Reads whatever the user pasted into a token box and says what it is: a JWT (decoded), an
 * encrypted JWE, an opaque token, a token response, a PEM key, or something broken, with
 * words for each, so the inspector never shows a stack trace or a blank.
 */

/** What the pasted text turned out to be. */
export type PastedToken =
  | { kind: 'empty' }
  | { kind: 'jwt'; token: string; jws: DecodedJws; signatureRedacted: boolean }
  | { kind: 'jwe'; token: string }
  | { kind: 'opaque'; token: string }
  | { kind: 'token-response'; tokens: { name: 'access_token' | 'id_token' | 'refresh_token'; value: string }[] }
  | { kind: 'invalid'; problem: string };

/** The activity log's placeholder for a removed signature. */
const REDACTED_MARK = '‹redacted›';

/** Removes what people copy along with a token: an Authorization header name, "Bearer", quotes, line breaks. */
export function cleanPastedToken(text: string): string {
  let t = text.trim().replace(/^authorization:\s*/i, '').replace(/^bearer\s+/i, '').trim();
  if (t.length > 1 && /^["'].*["']$/s.test(t)) t = t.slice(1, -1).trim();
  // A JWT wrapped over several lines by a terminal or an email: join the pieces.
  if (/^[A-Za-z0-9_\-.‹›]+(\s+[A-Za-z0-9_\-.‹›]+)+$/.test(t) && t.includes('.')) t = t.replace(/\s+/g, '');
  return t;
}

function tokensOfResponse(doc: Record<string, unknown>): { name: 'access_token' | 'id_token' | 'refresh_token'; value: string }[] {
  const names = ['access_token', 'id_token', 'refresh_token'] as const;
  return names.filter((n) => typeof doc[n] === 'string' && doc[n] !== '').map((name) => ({ name, value: doc[name] as string }));
}

/** Classifies pasted text. */
export function readPastedToken(text: string): PastedToken {
  const token = cleanPastedToken(text);
  if (token === '') return { kind: 'empty' };
  if (/^-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(token)) {
    return { kind: 'invalid', problem: 'This is a PEM private key, not a JWT. Never paste private keys into tools; import keys in the Keys area. Paste a JWT here (three base64url parts separated by dots).' };
  }
  if (token.startsWith('-----BEGIN')) {
    return { kind: 'invalid', problem: `This is a PEM block (${token.split('\n')[0]}), not a JWT. Keys and certificates go in the Keys area; paste a JWT here (three base64url parts separated by dots).` };
  }
  if (token.startsWith('{') || token.startsWith('[')) {
    try {
      const doc: unknown = JSON.parse(token);
      if (doc && typeof doc === 'object' && !Array.isArray(doc)) {
        const tokens = tokensOfResponse(doc as Record<string, unknown>);
        if (tokens.length > 0) return { kind: 'token-response', tokens };
        if ('keys' in doc || 'kty' in doc) return { kind: 'invalid', problem: 'This is a JWK or JWK Set (a key), not a JWT. Paste it into the JWKS box to verify signatures with it.' };
      }
      return { kind: 'invalid', problem: 'This is JSON, not a JWT. A JWT is three base64url parts separated by dots (eyJ…).' };
    } catch {
      return { kind: 'invalid', problem: 'This starts like JSON but is not valid JSON, and it is not a JWT either.' };
    }
  }
  if (/^<|<html/i.test(token)) return { kind: 'invalid', problem: 'This is HTML, not a token: probably an error or login page copied instead of the response body.' };
  const parts = token.split('.');
  if (parts.length === 5) return { kind: 'jwe', token };
  if (parts.length === 3) {
    const signatureRedacted = parts[2] === REDACTED_MARK;
    const decoded = decodeJws(signatureRedacted ? `${parts[0]}.${parts[1]}.` : token);
    if (decoded.ok) return { kind: 'jwt', token, jws: { ...decoded.jws, signature: signatureRedacted ? REDACTED_MARK : decoded.jws.signature }, signatureRedacted };
    return { kind: 'invalid', problem: `This has three dot-separated parts like a JWT, but ${describeJwsError(decoded.error)}. Part of it may have been cut off or changed when copying.` };
  }
  if (parts.length === 2 || parts.length === 4) {
    return { kind: 'invalid', problem: `A JWT has three dot-separated parts; this has ${parts.length}. A part was probably lost when copying.` };
  }
  if (/\s/.test(token)) return { kind: 'invalid', problem: 'This contains spaces, so it is not a token. Paste only the token value.' };
  return { kind: 'opaque', token };
}
