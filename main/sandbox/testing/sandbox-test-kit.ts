/**
 * Plain-HTTP client steps for the sandbox's integration tests: a cookie jar, form posts, PKCE,
 * client assertions, and the authorization-code flow driven through the real login, patient
 * picker and consent HTML (manual redirects, no browser).
 *
 * Why: the tests must exercise the sandbox exactly as an app would, with fetch and jose only,
 * and several test files need the same multi-step flow.
 */
import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, type CryptoKey, type KeyObject } from 'jose';
import type { Sandbox } from '../index.ts';

/** Remembers cookies across requests (path scoping ignored: every sandbox cookie is sent back). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  /** Record the Set-Cookie headers of a response. */
  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const i = pair.indexOf('=');
      if (i > 0) this.cookies.set(pair.slice(0, i).trim(), pair.slice(i + 1).trim());
    }
  }

  /** The Cookie header value. */
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** GET or POST without following redirects, carrying the jar's cookies. */
export async function browse(jar: CookieJar, url: string, form?: URLSearchParams): Promise<Response> {
  const res = await fetch(url, {
    method: form ? 'POST' : 'GET',
    redirect: 'manual',
    headers: { cookie: jar.header(), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    body: form?.toString(),
  });
  jar.store(res);
  return res;
}

/** POST a form to an OAuth endpoint and return status, headers and parsed JSON body. */
export async function postForm(url: string, params: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(params).toString(),
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = { raw: text };
  }
  return { status: res.status, headers: res.headers, json };
}

/** HTTP Basic credentials header. */
export function basicAuth(clientId: string, secret: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}` };
}

/** A fresh PKCE verifier and its S256 challenge. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** A SMART Backend Services client assertion. */
export async function clientAssertion(opts: {
  clientId: string;
  aud: string;
  key: CryptoKey | KeyObject;
  alg: 'RS384' | 'ES384' | 'RS256';
  kid: string;
  jti?: string;
  expiresIn?: number;
}): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: opts.alg, kid: opts.kid, typ: 'JWT' })
    .setIssuer(opts.clientId)
    .setSubject(opts.clientId)
    .setAudience(opts.aud)
    .setJti(opts.jti ?? randomBytes(16).toString('hex'))
    .setIssuedAt()
    .setExpirationTime(`${opts.expiresIn ?? 240}s`)
    .sign(opts.key);
}

/** The one POST form's action on an HTML page whose action ends with `suffix`. */
export function formAction(html: string, suffix: string): string | undefined {
  for (const m of html.matchAll(/<form method="post" action="([^"]+)"/g)) {
    const action = m[1]?.replaceAll('&amp;', '&');
    if (action?.endsWith(suffix)) return action;
  }
  return undefined;
}

/** Options of one authorization-code run. */
export interface AuthorizeRun {
  clientId: string;
  scope: string;
  redirectUri: string;
  username?: string;
  password?: string;
  patient?: string;
  launch?: string;
  /** Scopes to untick on the consent page. */
  untick?: string[];
  deny?: boolean;
  extraParams?: Record<string, string | undefined>;
  pkce?: { verifier: string; challenge: string };
}

/** Where the flow ended: the redirect back to the app (code or error) or an unexpected response. */
export interface AuthorizeResult {
  redirect?: URL;
  code?: string;
  state: string;
  verifier: string;
  /** Status and body of the last response when the flow did not reach the redirect URI. */
  stoppedAt?: { status: number; body: string };
  pages: string[];
}

/**
 * Run the authorization-code flow: authorize, then click through login, patient picker and
 * consent by submitting their forms, until the sandbox redirects to `redirectUri`.
 */
export async function authorize(sb: Sandbox, run: AuthorizeRun): Promise<AuthorizeResult> {
  const jar = new CookieJar();
  const pkce = run.pkce ?? pkcePair();
  const state = randomBytes(8).toString('hex');
  const params = new URLSearchParams({
    response_type: 'code', client_id: run.clientId, redirect_uri: run.redirectUri, scope: run.scope, state,
    aud: sb.fhirBaseUrl, code_challenge: pkce.challenge, code_challenge_method: 'S256',
  });
  if (run.launch) params.set('launch', run.launch);
  for (const [k, v] of Object.entries(run.extraParams ?? {})) {
    if (v === undefined) params.delete(k);
    else params.set(k, v);
  }
  const pages: string[] = [];
  let res = await browse(jar, `${sb.authorizeEndpoint}?${params}`);
  for (let step = 0; step < 12; step++) {
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      const next = new URL(location, sb.origin);
      if (next.href.startsWith(run.redirectUri.split('?')[0] ?? run.redirectUri)) {
        return { redirect: next, code: next.searchParams.get('code') ?? undefined, state, verifier: pkce.verifier, pages };
      }
      res = await browse(jar, next.href);
      continue;
    }
    const html = await res.text();
    if (res.status !== 200) return { state, verifier: pkce.verifier, stoppedAt: { status: res.status, body: html }, pages };
    pages.push(html);
    const login = formAction(html, '/login');
    const picker = formAction(html, '/patient');
    const consent = formAction(html, '/consent');
    const abort = formAction(html, '/abort');
    if (run.deny && abort && consent) {
      res = await browse(jar, new URL(abort, sb.origin).href, new URLSearchParams({ action: 'deny' }));
    } else if (login) {
      res = await browse(jar, new URL(login, sb.origin).href, new URLSearchParams({ username: run.username ?? 'clinician', password: run.password ?? 'sandbox' }));
    } else if (picker) {
      res = await browse(jar, new URL(picker, sb.origin).href, new URLSearchParams({ patient: run.patient ?? 'ana-alvarez' }));
    } else if (consent) {
      const form = new URLSearchParams();
      for (const s of run.scope.split(' ')) if (!run.untick?.includes(s)) form.append('scope', s);
      res = await browse(jar, new URL(consent, sb.origin).href, form);
    } else {
      return { state, verifier: pkce.verifier, stoppedAt: { status: res.status, body: html }, pages };
    }
  }
  return { state, verifier: pkce.verifier, stoppedAt: { status: res.status, body: 'too many steps' }, pages };
}

/** Exchange a code at the token endpoint. */
export function exchangeCode(sb: Sandbox, input: { code: string; redirectUri: string; verifier?: string; clientId: string; headers?: Record<string, string> }) {
  const params: Record<string, string> = { grant_type: 'authorization_code', code: input.code, redirect_uri: input.redirectUri };
  if (input.verifier !== undefined) params.code_verifier = input.verifier;
  if (!input.headers?.authorization) params.client_id = input.clientId;
  return postForm(sb.tokenEndpoint, params, input.headers);
}

/** GET a FHIR path with a bearer token; returns status, headers and JSON. */
export async function fhirGet(sb: Sandbox, path: string, token?: string, headers: Record<string, string> = {}) {
  const res = await fetch(path.startsWith('http') ? path : `${sb.fhirBaseUrl}${path}`, {
    headers: { accept: 'application/fhir+json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
  const text = await res.text();
  let json: Record<string, any> = {};
  try {
    json = JSON.parse(text) as Record<string, any>;
  } catch {
    json = { raw: text };
  }
  return { status: res.status, headers: res.headers, json };
}

/** A client_credentials token for the demo client-secret client. */
export async function backendToken(sb: Sandbox, scope: string, headers: Record<string, string> = {}): Promise<string> {
  const r = await postForm(sb.tokenEndpoint, { grant_type: 'client_credentials', scope }, { ...basicAuth('demo-secret-client', 'demo-secret-client-secret'), ...headers });
  if (r.status !== 200) throw new Error(`token request failed: ${r.status} ${JSON.stringify(r.json)}`);
  return String(r.json.access_token);
}
