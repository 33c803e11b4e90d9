import { describe, expect, it } from 'vitest';
import { isSecretName, REDACTED, redactBody, redactByName, redactHeaders, redactJwtSignature, redactUrl, redactValues } from './redact.ts';

const FORM = 'application/x-www-form-urlencoded';
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const JWT = `${b64({ alg: 'RS384', kid: 'k1' })}.${b64({ iss: 'client-1', sub: 'client-1', aud: 'https://auth.example/token' })}.c2lnbmF0dXJlLWJ5dGVz`;

describe('redactHeaders', () => {
  it('keeps the Basic and Bearer schemes but hides the credentials', () => {
    const out = redactHeaders([
      { name: 'Authorization', value: 'Basic Y2xpZW50OnMzY3JldA==' },
      { name: 'authorization', value: 'Bearer eyJhbGciOi.abc.def' },
      { name: 'Proxy-Authorization', value: 'Basic cHJveHk6cHc=' },
    ]);
    expect(out).toEqual([
      { name: 'Authorization', value: `Basic ${REDACTED}` },
      { name: 'authorization', value: `Bearer ${REDACTED}` },
      { name: 'Proxy-Authorization', value: `Basic ${REDACTED}` },
    ]);
  });

  it('hides a credential header without a scheme entirely, and cookies', () => {
    const out = redactHeaders([{ name: 'Authorization', value: 'rawtoken' }, { name: 'Cookie', value: 'sid=abc' }, { name: 'Set-Cookie', value: 'sid=abc; HttpOnly' }]);
    expect(out.map((h) => h.value)).toEqual([REDACTED, REDACTED, REDACTED]);
  });

  it('leaves ordinary headers alone, except for known secret values in them', () => {
    const out = redactHeaders([{ name: 'Accept', value: 'application/fhir+json' }, { name: 'X-Api-Key', value: 'key-SECRET-9876' }], ['key-SECRET-9876']);
    expect(out).toEqual([{ name: 'Accept', value: 'application/fhir+json' }, { name: 'X-Api-Key', value: REDACTED }]);
  });
});

describe('redactBody: form bodies', () => {
  it.each(['client_secret', 'code', 'code_verifier', 'refresh_token', 'token'])('hides %s in a token request', (field) => {
    const body = `grant_type=authorization_code&${field}=very-secret-value-1&client_id=app`;
    const out = redactBody(body, `${FORM}; charset=utf-8`)!;
    expect(out).not.toContain('very-secret-value-1');
    expect(new URLSearchParams(out).get(field)).toBe(REDACTED);
    expect(new URLSearchParams(out).get('client_id')).toBe('app');
    expect(new URLSearchParams(out).get('grant_type')).toBe('authorization_code');
  });

  it('keeps the client assertion header and payload but drops its signature', () => {
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: JWT, scope: 'system/*.rs' }).toString();
    const out = redactBody(body, FORM)!;
    const assertion = new URLSearchParams(out).get('client_assertion')!;
    const [header, payload, signature] = assertion.split('.');
    expect(header).toBe(JWT.split('.')[0]);
    expect(payload).toBe(JWT.split('.')[1]);
    expect(signature).toBe(REDACTED);
    expect(out).not.toContain('c2lnbmF0dXJlLWJ5dGVz');
    expect(new URLSearchParams(out).get('scope')).toBe('system/*.rs');
  });

  it('keeps `code` in a form that is not a token request (a FHIR POST _search)', () => {
    const body = 'code=8867-4&patient=123';
    expect(redactBody(body, FORM)).toBe(body);
    expect(redactBody('access_token=at-form-1&code=8867-4', FORM)).toBe(`access_token=${REDACTED}&code=8867-4`);
  });

  it('returns a form without secrets unchanged, byte for byte', () => {
    const body = 'grant_type=client_credentials&scope=system%2F*.rs';
    expect(redactBody(body, FORM)).toBe(body);
  });
});

describe('redactBody: JSON bodies', () => {
  it('hides access, refresh and id tokens and keeps the rest', () => {
    const body = JSON.stringify({ access_token: 'at-123456', refresh_token: 'rt-123456', id_token: JWT, token_type: 'Bearer', expires_in: 300, scope: 'patient/*.rs' });
    const out = redactBody(body, 'application/json; charset=utf-8')!;
    const parsed = JSON.parse(out) as Record<string, unknown>;
    expect(parsed).toEqual({ access_token: REDACTED, refresh_token: REDACTED, id_token: REDACTED, token_type: 'Bearer', expires_in: 300, scope: 'patient/*.rs' });
    expect(out).not.toContain('at-123456');
    expect(out).not.toContain('c2lnbmF0dXJlLWJ5dGVz');
  });

  it('hides tokens nested in arrays and objects', () => {
    const out = redactBody(JSON.stringify({ items: [{ tokens: { access_token: 'nested-at-1' } }] }), 'application/json')!;
    expect(out).not.toContain('nested-at-1');
  });

  it('keeps FHIR `code` elements: they are terminology, not authorization codes', () => {
    const obs = { resourceType: 'Observation', code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] }, status: 'final' };
    const out = redactBody(JSON.stringify(obs), 'application/fhir+json')!;
    expect(JSON.parse(out)).toEqual(obs);
  });

  it('still hides tokens in JSON that was cut short and no longer parses', () => {
    const cut = '{"token_type":"Bearer","access_token":"at-cut-0001","refresh_token":"rt-cut-0002","patient":"123","id_token":"eyJhbGc';
    const out = redactBody(cut, 'application/json')!;
    expect(out).not.toContain('at-cut-0001');
    expect(out).not.toContain('rt-cut-0002');
    expect(out).not.toContain('eyJhbGc');
    expect(out).toContain('"patient":"123"');
  });

  it('falls back to value redaction for text that only claims to be JSON', () => {
    expect(redactBody('not json s3cr3t-value', 'application/json', ['s3cr3t-value'])).toBe(`not json ${REDACTED}`);
  });

  it('passes empty and missing bodies through', () => {
    expect(redactBody(undefined, 'application/json')).toBeUndefined();
    expect(redactBody('', FORM)).toBe('');
  });
});

describe('redactValues: known secrets anywhere', () => {
  const secret = 'p@ss word/with+symbols=';

  it('hides the raw value and its URL-encoded form', () => {
    const text = `raw=${secret} encoded=${encodeURIComponent(secret)}`;
    const out = redactValues(text, [secret]);
    expect(out).toBe(`raw=${REDACTED} encoded=${REDACTED}`);
  });

  it('hides it inside a form body of any content type, including the + form of spaces', () => {
    const body = new URLSearchParams({ client_id: 'app', extra: secret }).toString();
    const out = redactBody(body, FORM, [secret])!;
    expect(out).not.toContain('word');
    expect(redactBody(`text ${secret} text`, 'text/plain', [secret])).toBe(`text ${REDACTED} text`);
  });

  it('hides it inside a JSON string where it needs escaping', () => {
    const quoted = 'pa"ss\\word';
    expect(redactBody(JSON.stringify({ note: `x ${quoted} y` }), 'application/json', [quoted])).toContain(`"x ${REDACTED} y"`);
  });

  it('hides overlapping values, longest first, and ignores values too short to be secrets', () => {
    expect(redactValues('abcdef-ghij', ['abcdef', 'abcdef-ghij'])).toBe(REDACTED);
    expect(redactValues('a-b-c', ['b', ''])).toBe('a-b-c');
  });
});

describe('redactUrl', () => {
  it('hides tokens in the query string and keeps other parameters', () => {
    const out = redactUrl('https://fhir.example/Patient?access_token=at-qs-1&_count=10');
    const u = new URL(out);
    expect(u.searchParams.get('access_token')).toBe(REDACTED);
    expect(u.searchParams.get('_count')).toBe('10');
    expect(out).not.toContain('at-qs-1');
  });

  it('keeps FHIR search parameters called code', () => {
    const url = 'https://fhir.example/Observation?code=http%3A%2F%2Floinc.org%7C8867-4&patient=123';
    expect(new URL(redactUrl(url)).searchParams.get('code')).toBe('http://loinc.org|8867-4');
  });

  it('hides known values in the path, and in URLs it cannot parse', () => {
    expect(redactUrl('https://fhir.example/t/tenant-secret-77/metadata', ['tenant-secret-77'])).toBe(`https://fhir.example/t/${REDACTED}/metadata`);
    expect(redactUrl('not a url tenant-secret-77', ['tenant-secret-77'])).toBe(`not a url ${REDACTED}`);
  });
});

describe('redactJwtSignature', () => {
  it('replaces the whole value when it is not a compact JWS', () => {
    expect(redactJwtSignature('opaque-value')).toBe(REDACTED);
    expect(redactJwtSignature(JWT)).toBe(`${JWT.split('.').slice(0, 2).join('.')}.${REDACTED}`);
  });
});

describe('redaction by name (issue 14)', () => {
  it.each(['client_secret', 'password', 'private_key', 'privateKey', 'refresh_token', 'access_token', 'id_token', 'api_key', 'apiKey', 'db_password', 'secret', 'clientSecret', 'token', 'client_assertion', 'credentials'])('%s is a secret name', (name) => {
    expect(isSecretName(name)).toBe(true);
  });
  it.each(['code', 'token_type', 'client_id', 'sub', 'scope', 'fhirUser', 'at_hash', 'jti', 'kid', 'expires_in', 'client_assertion_type', 'secretary', 'description'])('%s is not', (name) => {
    expect(isSecretName(name)).toBe(false);
  });

  it('masks a client_secret a peer embedded in a token\'s claims, nested ones too, and a JWK\'s private members', () => {
    const claims = { iss: 'https://peer.example', sub: 'svc', client_secret: 'peer-embedded-s3cret', ext: { db: { password: 'hunter2', user: 'me' } },
      cnf: { jwk: { kty: 'EC', crv: 'P-384', x: 'xx', y: 'yy', d: 'private-scalar' } }, scope: 'system/*.rs', empty_secret: '' };
    const { value, hidden } = redactByName(claims);
    expect(value).toEqual({ ...claims, client_secret: REDACTED, ext: { db: { password: REDACTED, user: 'me' } }, cnf: { jwk: { kty: 'EC', crv: 'P-384', x: 'xx', y: 'yy', d: REDACTED } } });
    expect(hidden).toEqual(['client_secret', 'ext.db.password', 'cnf.jwk.d']);
    expect(JSON.stringify(value)).not.toMatch(/peer-embedded|hunter2|private-scalar/);
    expect(claims.client_secret).toBe('peer-embedded-s3cret'); // a copy: the original is untouched
  });

  it('a JSON answer loses members named like secrets too (not only the protocol\'s own fields)', () => {
    const out = redactBody(JSON.stringify({ resourceType: 'Bundle', meta: { private_key: 'pem-body', api_key: 'k-123456' }, code: { text: 'kept' } }), 'application/json')!;
    expect(out).not.toMatch(/pem-body|k-123456/);
    expect(out).toContain('kept');
  });
});
