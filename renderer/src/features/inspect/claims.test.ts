import { describe, expect, it } from 'vitest';
import { explainClaims, explainHeader } from './claims.ts';

const byName = <T extends { name: string }>(rows: T[], name: string): T => {
  const row = rows.find((r) => r.name === name);
  if (!row) throw new Error(`no row ${name}`);
  return row;
};

describe('explainClaims', () => {
  it('explains aud differently for an assertion, an access token and an ID token', () => {
    const a = byName(explainClaims({ aud: 'x' }, 'assertion'), 'aud');
    const t = byName(explainClaims({ aud: 'x' }, 'access'), 'aud');
    const i = byName(explainClaims({ aud: 'x' }, 'id'), 'aud');
    expect(a.meaning).toMatch(/token endpoint/);
    expect(t.meaning).toMatch(/FHIR base URL/);
    expect(i.meaning).toMatch(/client_id/);
    expect(a.ref).toBe('RFC 7519 §4.1');
  });

  it('checks assertion claims against the profile: client id and token endpoint', () => {
    const rows = explainClaims(
      { iss: 'client-1', sub: 'someone', aud: 'https://auth.test/token', exp: 1_772_359_500, jti: 'abc' },
      'assertion', { clientId: 'client-1', tokenEndpoint: 'https://auth.test/oauth/token' },
    );
    expect(byName(rows, 'iss').checks).toEqual([{ tone: 'ok', text: 'equals the client id' }]);
    expect(byName(rows, 'sub').checks[0]).toMatchObject({ tone: 'problem' });
    expect(byName(rows, 'aud').checks[0]?.text).toMatch(/should be the token endpoint "https:\/\/auth.test\/oauth\/token"/);
    expect(byName(rows, 'exp').epoch).toBe(1_772_359_500);
  });

  it('marks custom claims and explains SMART context claims', () => {
    const rows = explainClaims({ scope: 'patient/*.rs', patient: '123', fhirUser: 'Practitioner/9', tenant_region: 'eu' }, 'access');
    expect(byName(rows, 'patient').meaning).toMatch(/Patient id/);
    expect(byName(rows, 'fhirUser').custom).toBe(false);
    expect(byName(rows, 'tenant_region')).toMatchObject({ custom: true });
    expect(byName(rows, 'tenant_region').meaning).toMatch(/server added/);
    const assertion = explainClaims({ scope: 'system/*.rs', jwks_url: 'https://app.test/jwks' }, 'assertion');
    expect(byName(assertion, 'scope').meaning).toMatch(/token request body/);
    expect(byName(assertion, 'jwks_url').custom).toBe(true);
  });

  it('flags time claims in milliseconds or as strings', () => {
    const rows = explainClaims({ exp: 1_772_359_500_000, iat: '1772359200' }, 'assertion');
    expect(byName(rows, 'exp').checks[0]?.text).toMatch(/milliseconds/);
    expect(byName(rows, 'iat').checks[0]?.text).toMatch(/Not a number/);
    expect(byName(rows, 'iat').epoch).toBeUndefined();
  });

  it('compares an access token audience with the FHIR base, ignoring a trailing slash', () => {
    const ok = explainClaims({ aud: ['https://fhir.test/r4/'] }, 'access', { fhirBaseUrl: 'https://fhir.test/r4' });
    expect(byName(ok, 'aud').checks[0]?.tone).toBe('ok');
    const bad = explainClaims({ aud: 'https://other.test' }, 'access', { fhirBaseUrl: 'https://fhir.test/r4' });
    expect(byName(bad, 'aud').checks[0]?.tone).toBe('problem');
  });
});

describe('explainHeader', () => {
  it('explains alg, kid, typ and flags non-SMART assertion algorithms and alg none', () => {
    const rows = explainHeader({ alg: 'RS256', kid: 'k1', typ: 'JWT', x_custom: 1 }, 'assertion');
    expect(byName(rows, 'alg').checks[0]?.text).toMatch(/RS384 and ES384/);
    expect(byName(rows, 'kid').meaning).toMatch(/registered/);
    expect(byName(rows, 'x_custom').custom).toBe(true);
    expect(byName(explainHeader({ alg: 'none' }, 'access'), 'alg').checks[0]?.text).toMatch(/unsigned/);
  });
});
