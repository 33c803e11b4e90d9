import type { JwksOrigin } from '../../../app/contract/index.ts';
import { AppFailure } from '../../../app/result/index.ts';
import { inspectJwks, type Jwks } from '../../../app/conformance/index.ts';
import type { HttpClient } from '../../http/index.ts';
import { headersRecord, looksLikeHtml, snippet } from '../tokens/http/index.ts';

/**
 * Reads a JWK Set from wherever the user pointed the inspector: pasted text, a URL main fetches,
 * or a key the app stores. Each problem (a PEM key, an HTML login page, JSON without keys) ends
 * up as words in `origin.problem`, never as an exception, so a bad paste is a message.
 */

/** A JWKS ready for verification (when usable) and the story of where it came from. */
export interface LoadedJwks {
  origin: JwksOrigin;
  jwks?: Jwks;
}

/** JWKS fetches give up after this long; a stalled jwks_url must not hang the inspector. */
export const JWKS_TIMEOUT_MS = 15_000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Why a parsed document is not a usable JWK Set, and the set when it is (a lone JWK is wrapped). */
export function readJwksDocument(doc: unknown): { jwks?: Jwks; problem?: string; note?: string } {
  if (isObject(doc) && typeof doc['kty'] === 'string' && !('keys' in doc)) {
    return { jwks: { keys: [doc] }, note: 'This is a single JWK, not a JWK Set; it was read as {"keys": [it]}. Servers expect the set.' };
  }
  if (!isObject(doc)) return { problem: `The document is ${Array.isArray(doc) ? 'a JSON array' : `JSON ${typeof doc}`}, not a JWK Set ({"keys": [...]}).` };
  const keys = doc['keys'];
  if (keys === undefined) return { problem: 'The JSON has no "keys" member, so it is not a JWK Set ({"keys": [...]}).' };
  if (!Array.isArray(keys)) return { problem: '"keys" is not an array, so no key can be read from it.' };
  if (keys.length === 0) return { problem: 'The JWK Set has no keys ("keys": []), so nothing can be verified with it.' };
  const objects = keys.filter(isObject);
  if (objects.length === 0) return { problem: 'None of the entries in "keys" is a JWK object.' };
  return { jwks: { keys: objects } };
}

/** A short description of an HTML page for a message: its title, or its visible text. */
export function describeHtml(body: string): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1]?.trim();
  if (title) return `titled "${snippet(title, 60)}"`;
  const text = snippet(body.replace(/<(style|script)[^>]*>[\s\S]*?<\/\1>/gi, ' '), 80);
  return text ? `saying "${text}"` : 'with no text';
}

/** Why text is not JSON, in words that name what it looks like instead. */
export function describeNonJson(text: string, what: string): string {
  const t = text.trim();
  if (t === '') return `The ${what} is empty.`;
  if (/^-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(t)) {
    return `That is a PEM private key, not a JWKS. Never paste private keys here; paste the public JWK Set ({"keys": [...]}), or import the key in Keys, which derives the public JWKS.`;
  }
  if (/^-----BEGIN/.test(t)) return `That is a PEM block (${t.split('\n')[0]}), not a JWKS. Paste a JWK Set ({"keys": [...]}); the Keys area converts PEM keys to JWK.`;
  if (/^\s*</.test(t)) return `The ${what} is HTML or XML ("${snippet(t, 60)}"), not JSON.`;
  if (/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(t)) return `That looks like a JWT, not a JWKS. Paste the key set ({"keys": [...]}).`;
  return `The ${what} is not JSON ("${snippet(t, 60)}").`;
}

/** A JWKS pasted by the user. */
export async function loadPastedJwks(text: string, intendedAlg?: string): Promise<LoadedJwks> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { origin: { kind: 'pasted', label: 'the pasted JWKS', problem: describeNonJson(text, 'pasted JWKS'), findings: [] } };
  }
  const read = readJwksDocument(doc);
  const findings = read.jwks ? await inspectJwks({ body: read.jwks, intendedAlg }) : [];
  const origin: JwksOrigin = { kind: 'pasted', label: 'the pasted JWKS', findings };
  if (read.jwks) origin.keyCount = read.jwks.keys.length;
  if (read.problem) origin.problem = read.problem;
  if (read.note) origin.note = read.note;
  return read.jwks ? { origin, jwks: read.jwks } : { origin };
}

/**
 * Fetches a JWKS through the HttpClient (purpose 'jwks', logged), following redirects.
 *
 * `kind` says whose set it is: 'url' (the client's jwks_url, checked with the JWKS rules) or
 * 'server' (the authorization server's jwks_uri, used only to verify tokens).
 */
export async function fetchJwks(
  http: HttpClient,
  req: { url: string; kind: 'url' | 'server'; profileId?: string; intendedAlg?: string },
): Promise<LoadedJwks> {
  const label = req.kind === 'server' ? `the server's JWKS (${req.url})` : req.url;
  const origin: JwksOrigin = { kind: req.kind, label, url: req.url, findings: [] };
  let res;
  try {
    res = await http.send({
      method: 'GET', url: req.url, headers: { accept: 'application/jwk-set+json, application/json' }, purpose: 'jwks',
      profileId: req.profileId, timeoutMs: JWKS_TIMEOUT_MS, followRedirects: true, maxBodyBytes: 1024 * 1024,
    });
  } catch (e) {
    if (!(e instanceof AppFailure)) throw e;
    origin.problem = `Could not fetch ${req.url}: ${e.message}`;
    return { origin };
  }
  origin.activityId = res.activityId;
  if (req.kind === 'url') {
    origin.findings = await inspectJwks({ jwksUrl: req.url, intendedAlg: req.intendedAlg, status: res.status, headers: headersRecord(res.headers), rawBody: res.bodyText });
  }
  const type = res.header('content-type');
  const status = `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
  if (looksLikeHtml(type, res.bodyText)) {
    origin.problem = `${req.url} answered ${status} with an HTML page ${describeHtml(res.bodyText)}, not a JWK Set. This is usually a login page, a portal or an error page; check the URL.`;
    return { origin };
  }
  if (res.status < 200 || res.status >= 300) {
    origin.problem = `${req.url} answered ${status}${res.bodyText ? `: "${snippet(res.bodyText, 80)}"` : ''}.`;
    return { origin };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(res.bodyText);
  } catch {
    origin.problem = `${req.url}: ${describeNonJson(res.bodyText, 'response')}`;
    return { origin };
  }
  const read = readJwksDocument(doc);
  if (read.jwks) origin.keyCount = read.jwks.keys.length;
  if (read.problem) origin.problem = `${req.url}: ${read.problem}`;
  if (read.note) origin.note = read.note;
  return read.jwks ? { origin, jwks: read.jwks } : { origin };
}
