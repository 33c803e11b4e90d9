/**
 * Sends one real request and captures it as a diagnosis ExchangeInput: the request exactly as
 * sent, the response exactly as received (status, headers, body), or the network error code
 * Node reported when nothing answered.
 *
 * Why: tests that induce failures against a live server diagnose what really went over the
 * wire, the same shape the app hands to diagnose() and the command line prints.
 */
import type { Endpoint, ExchangeInput } from '../../app/diagnosis/index.ts';

/** What to send. */
export interface CaptureRequest {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Node's error code of a failed fetch (undici puts it on `cause`). */
export function networkErrorOf(e: unknown): { code: string; message: string } {
  const err = e as { code?: string; message?: string; cause?: { code?: string; message?: string; cause?: { code?: string } } };
  const code = err.cause?.code ?? err.cause?.cause?.code ?? err.code ?? 'UNKNOWN';
  return { code, message: err.cause?.message ?? err.message ?? String(e) };
}

/** Sends the request (no redirects followed) and returns the exchange for `endpoint`. */
export async function capture(endpoint: Endpoint, req: CaptureRequest, extra: Partial<ExchangeInput> = {}): Promise<ExchangeInput> {
  const method = req.method ?? (req.body !== undefined ? 'POST' : 'GET');
  const headers = req.headers ?? {};
  const request = { method, url: req.url, headers, ...(req.body !== undefined ? { body: req.body } : {}) };
  try {
    const res = await fetch(req.url, { method, headers, body: req.body, redirect: 'manual' });
    const responseHeaders: Record<string, string> = {};
    res.headers.forEach((v, k) => { responseHeaders[k] = v; });
    return { endpoint, ...extra, request, response: { status: res.status, headers: responseHeaders, body: await res.text() } };
  } catch (e) {
    return { endpoint, ...extra, request, networkError: networkErrorOf(e) };
  }
}

/** A form body. */
export const form = (params: Record<string, string>): string => new URLSearchParams(params).toString();

/** An HTTP Basic header for a client id and secret (form-encoded first, RFC 6749 §2.3.1). */
export function basic(id: string, secret: string): string {
  const enc = (s: string) => new URLSearchParams([['', s]]).toString().slice(1);
  return `Basic ${Buffer.from(`${enc(id)}:${enc(secret)}`).toString('base64')}`;
}

/** The Content-Type of a form POST. */
export const FORM = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
