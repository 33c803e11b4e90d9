import { describe, expect, it } from 'vitest';
import { AppFailure } from '../../../../app/result/result.ts';
import type { HttpResponse } from '../../../http/http-client.ts';
import { readTokenResponse } from './token-exchange.ts';

const res = (status: number, body: string, type = 'application/json'): HttpResponse => ({
  status, statusText: status === 200 ? 'OK' : 'Error', headers: [{ name: 'content-type', value: type }], header: (n) => (n === 'content-type' ? type : undefined),
  bodyText: body, bodyTruncated: false, bodySize: body.length, url: 'https://as.example/token', timings: { totalMs: 1, waitMs: 1 }, activityId: 'a1',
});
const EP = 'https://as.example/token';

describe('readTokenResponse', () => {
  it('reads a token response, accepting a numeric-string expires_in', () => {
    const out = readTokenResponse(res(200, '{"access_token":"t","token_type":"bearer","expires_in":"300","scope":"a b","refresh_token":"r","id_token":"i"}'), EP);
    expect(out).toMatchObject({ accessToken: 't', tokenType: 'bearer', expiresIn: 300, scope: 'a b', refreshToken: 'r', idToken: 'i' });
  });

  it('names each kind of unusable answer', () => {
    const msg = (r: HttpResponse) => (readTokenResponse(r, EP) as AppFailure).message;
    expect(msg(res(200, ''))).toMatch(/empty body/);
    expect(msg(res(200, '{"access_token":'))).toMatch(/not valid JSON/);
    expect(msg(res(200, '[1]'))).toMatch(/not an object/);
    expect(msg(res(200, '{"token_type":"Bearer"}'))).toMatch(/without an access_token/);
    expect(msg(res(502, 'upstream failed', 'text/plain'))).toMatch(/HTTP 502 Error without an OAuth error code: "upstream failed"/);
    expect(msg(res(200, '<html><body>Login</body></html>', 'text/html'))).toMatch(/HTML page \(HTTP 200 OK\), not JSON: "Login"\. This is usually a login page/);
    const oauth = readTokenResponse(res(400, '{"error":"invalid_scope","error_description":"no such scope"}'), EP) as AppFailure;
    expect(oauth.code).toBe('OAUTH_ERROR');
    expect(oauth.message).toBe('The server refused the request: invalid_scope (no such scope), HTTP 400.');
  });

  it('treats an error member in a 200 answer as an error (TOKRESP-ERROR-WITH-200 servers)', () => {
    expect(readTokenResponse(res(200, '{"error":"invalid_client"}'), EP)).toBeInstanceOf(AppFailure);
  });
});
