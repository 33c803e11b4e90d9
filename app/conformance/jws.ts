import { isObject } from './values.ts';

/** A compact JWS split and decoded without verifying anything. */
export interface DecodedJws {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signature: string;
  signingInput: string;
  segments: [string, string, string];
}

/** Why a string could not be decoded as a compact JWS. */
export type JwsDecodeError =
  | { kind: 'not-a-string' }
  | { kind: 'segments'; count: number }
  | { kind: 'header'; detail: string }
  | { kind: 'payload'; detail: string };

const B64URL = /^[A-Za-z0-9_-]*$/;

/** Decodes base64url text (no padding) to a UTF-8 string; throws on invalid alphabet. */
export function base64UrlDecode(segment: string): Uint8Array {
  if (!B64URL.test(segment)) throw new Error('not base64url');
  const b64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  const padded = b64 + '='.repeat((4 - (b64.length % 4)) % 4);
  const bin = atob(padded);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function decodeJsonSegment(segment: string): { ok: true; value: Record<string, unknown> } | { ok: false; detail: string } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(base64UrlDecode(segment));
    const value: unknown = JSON.parse(text);
    return isObject(value) ? { ok: true, value } : { ok: false, detail: 'not a JSON object' };
  } catch (e) {
    return { ok: false, detail: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * Splits and decodes a compact JWS (header.payload.signature) without verification.
 *
 * Used by every JWT check; returns a typed error instead of throwing so callers turn it into a finding.
 */
export function decodeJws(token: unknown): { ok: true; jws: DecodedJws } | { ok: false; error: JwsDecodeError } {
  if (typeof token !== 'string') return { ok: false, error: { kind: 'not-a-string' } };
  const parts = token.trim().split('.');
  if (parts.length !== 3) return { ok: false, error: { kind: 'segments', count: parts.length } };
  const [h, p, s] = parts as [string, string, string];
  const header = decodeJsonSegment(h);
  if (!header.ok) return { ok: false, error: { kind: 'header', detail: header.detail } };
  const payload = decodeJsonSegment(p);
  if (!payload.ok) return { ok: false, error: { kind: 'payload', detail: payload.detail } };
  return { ok: true, jws: { header: header.value, payload: payload.value, signature: s, signingInput: `${h}.${p}`, segments: [h, p, s] } };
}

/** One-line description of a decode error, for finding messages. */
export function describeJwsError(e: JwsDecodeError): string {
  switch (e.kind) {
    case 'not-a-string': return 'the token is not a string';
    case 'segments': return `a compact JWS has 3 dot-separated segments, this has ${e.count}`;
    case 'header': return `the header segment is not base64url JSON (${e.detail})`;
    case 'payload': return `the payload segment is not base64url JSON (${e.detail})`;
  }
}
