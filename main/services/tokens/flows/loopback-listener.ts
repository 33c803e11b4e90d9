import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppFailure } from '../../../../app/result/index.ts';

/**
 * The RFC 8252 loopback redirect listener: a one-shot HTTP server on 127.0.0.1 that receives
 * the authorization response from the system browser.
 *
 * Native apps must not use embedded web views; they receive the code on a loopback port (the
 * profile's fixed port, so the registered redirect URI stays valid, or a free one for port 0). The listener checks `state`, answers with a small
 * "you can close this tab" page, stops after one callback, and gives up after a timeout or on
 * cancel, so a sign-in that never returns cannot hang the app.
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.3
 */

/** What arrived on the redirect URI. */
export interface LoopbackCallback {
  /** The raw query string (without `?`). */
  rawQuery: string;
  code?: string;
  error?: string;
  errorDescription?: string;
  /** Every parameter, for display (`code` is redacted by the caller). */
  params: Record<string, string>;
}

/** A started listener. */
export interface LoopbackListener {
  redirectUri: string;
  /** Resolves on the first callback with the right state; rejects on mismatch, timeout or cancel. */
  result: Promise<LoopbackCallback>;
  /** Stops waiting (CANCELLED). */
  cancel(): void;
}

const PAGE_HEADERS = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'", 'referrer-policy': 'no-referrer' };

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, message: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title></head>`
    + `<body style="font-family:system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem"><h1 style="font-size:1.3rem">${esc(title)}</h1><p>${esc(message)}</p></body></html>`;
}

/** Where to listen: host, port (0 = random) and path, from the profile's redirect URI if it has one. */
export function listenTarget(redirectUri: string | undefined): { host: string; listenHost: string; port: number; path: string } {
  if (!redirectUri) return { host: '127.0.0.1', listenHost: '127.0.0.1', port: 0, path: '/callback' };
  const u = new URL(redirectUri);
  const loopback = ['127.0.0.1', 'localhost', '[::1]'];
  if (u.protocol !== 'http:' || !loopback.includes(u.hostname)) {
    throw new AppFailure('INVALID_INPUT', `The redirect URI ${redirectUri} is not a loopback address. A desktop app receives the authorization code on http://127.0.0.1:<port>/… (RFC 8252 §7.3); register such a URI with the server and set it in the profile, or leave the profile's redirect URI empty to use http://127.0.0.1:<the profile's port>/callback.`);
  }
  return { host: u.hostname, listenHost: u.hostname === '[::1]' ? '::1' : '127.0.0.1', port: u.port ? Number(u.port) : 0, path: u.pathname || '/' };
}

/**
 * Why a loopback port cannot be used, in words: which URI, what to do. `ownRedirectUri` tells a
 * redirect URI typed on the profile from the default one built from the profile's port.
 */
export function portTakenMessage(port: number, redirectUri: string, ownRedirectUri: boolean): string {
  const change = ownRedirectUri
    ? 'change the redirect URI in the profile (Profiles > Edit > Redirect URI)'
    : 'choose another port in the profile (Profiles > Edit > Redirect port)';
  return `Port ${port} is already in use, so the sign-in redirect to ${redirectUri} cannot be received. `
    + `Another program (or another sign-in of this app still waiting in the Tokens area) is listening on it. `
    + `Close it or cancel that sign-in, or ${change} and register the new redirect URI with the server.`;
}

/** Starts a one-shot listener; resolves once it is listening. */
export async function startLoopbackListener(opts: { redirectUri?: string; expectedState: string; timeoutMs: number; ownRedirectUri?: boolean }): Promise<LoopbackListener> {
  const target = listenTarget(opts.redirectUri);
  let settle: { resolve: (c: LoopbackCallback) => void; reject: (e: AppFailure) => void } | undefined;
  const result = new Promise<LoopbackCallback>((resolve, reject) => { settle = { resolve, reject }; });
  result.catch(() => undefined); // a caller that stopped listening must not cause an unhandled rejection
  let done = false;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (done || req.method !== 'GET' || url.pathname !== target.path) {
      res.writeHead(404, PAGE_HEADERS).end(page('Not found', 'This address only receives the sign-in redirect for FHIR Auth Explorer.'));
      return;
    }
    const q = url.searchParams;
    if (!q.has('state') && !q.has('code') && !q.has('error')) {
      res.writeHead(400, PAGE_HEADERS).end(page('Waiting for the sign-in', 'This address receives the authorization server\'s redirect; it carried no parameters.'));
      return;
    }
    const params = Object.fromEntries(q);
    const rawQuery = url.search.replace(/^\?/, '');
    if (q.get('state') !== opts.expectedState) {
      res.writeHead(400, PAGE_HEADERS).end(page('Sign-in refused', 'The response did not carry the state this sign-in sent, so it was refused. Return to FHIR Auth Explorer and start again.'));
      const got = q.get('state');
      finish(new AppFailure('OAUTH_ERROR', got === null
        ? 'The redirect arrived without the state parameter this sign-in sent, so it was refused (it could be a forged or stale response). Start again; if it repeats, the server drops state, which RFC 6749 §4.1.2 forbids.'
        : 'The redirect carried a different state than this sign-in sent (a stale tab, a second sign-in, or a forged response), so it was refused. Start again.'), true);
      return;
    }
    const error = q.get('error') ?? undefined;
    if (error) {
      const description = q.get('error_description') ?? undefined;
      res.writeHead(200, PAGE_HEADERS).end(page('Sign-in did not complete', `The server answered ${error}${description ? `: ${description}` : ''}. You can close this tab; FHIR Auth Explorer explains what to do.`));
      finish({ rawQuery, params, error, ...(description ? { errorDescription: description } : {}) }, true);
      return;
    }
    res.writeHead(200, PAGE_HEADERS).end(page('Signed in', 'You can close this tab and return to FHIR Auth Explorer.'));
    finish({ rawQuery, params, code: q.get('code') ?? '' }, true);
  });

  /**
   * Ends the sign-in. `answering` is true when a request's page is still being written: the
   * server then stops once it is flushed; otherwise (timeout, cancel) it stops at once, so the
   * (fixed) port is free again before a new sign-in asks for it.
   */
  function finish(outcome: LoopbackCallback | AppFailure, answering = false): void {
    if (done) return;
    done = true;
    clearTimeout(timer);
    if (outcome instanceof AppFailure) settle?.reject(outcome);
    else settle?.resolve(outcome);
    const stop = () => {
      server.close();
      server.closeIdleConnections();
    };
    if (answering) setImmediate(stop);
    else stop();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      reject(e.code === 'EADDRINUSE' || e.code === 'EACCES'
        ? new AppFailure('CONFLICT', e.code === 'EACCES'
          ? `This computer does not let the app listen on port ${target.port} (the redirect URI ${opts.redirectUri ?? ''}); ports below 1024 usually need administrator rights. Choose a port above 1024 in the profile.`
          : portTakenMessage(target.port, opts.redirectUri ?? '', opts.ownRedirectUri ?? false))
        : new AppFailure('NETWORK', `Could not listen for the sign-in redirect on ${target.listenHost}: ${e.message}`));
    });
    server.listen(target.port, target.listenHost, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const redirectUri = `http://${target.host}:${port}${target.path}`;
  const minutes = Math.round(opts.timeoutMs / 60_000);
  const timer = setTimeout(() => finish(new AppFailure('TIMEOUT', `No sign-in redirect arrived at ${redirectUri} within ${minutes >= 1 ? `${minutes} minute${minutes === 1 ? '' : 's'}` : `${Math.round(opts.timeoutMs / 1000)} s`}. The sign-in was not finished in the browser, or the server redirected somewhere else (check the redirect URI registered for this client). Start again.`)), opts.timeoutMs);
  timer.unref?.();
  return { redirectUri, result, cancel: () => finish(new AppFailure('CANCELLED', 'Sign-in cancelled; the redirect listener was closed.')) };
}
