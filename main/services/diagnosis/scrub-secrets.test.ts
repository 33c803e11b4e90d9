import { describe, expect, it } from 'vitest';
import { REDACTED } from '../../../app/activity/redact.ts';
import { scrubSecrets } from './scrub-secrets.ts';

const JWT = 'eyJhbGciOiJSUzM4NCJ9.eyJzdWIiOiJkZW1vLWNsaWVudCJ9.c2lnbmF0dXJlLW9mLXRoZS10b2tlbi0xMjM0NQ';

describe('scrubSecrets', () => {
  it('replaces the whole token, a JWT segment and a shortened fragment', () => {
    expect(scrubSecrets(`Bearer ${JWT}`, [JWT])).toBe(`Bearer ${REDACTED}`);
    expect(scrubSecrets('signature c2lnbmF0dXJlLW9mLXRoZS10b2tlbi0xMjM0NQ is bad', [JWT])).toBe(`signature ${REDACTED} is bad`);
    expect(scrubSecrets('header "DPoP eyJhbGciOiJS…" is odd', [JWT])).toBe(`header "DPoP ${REDACTED}…" is odd`);
  });

  it('keeps ordinary words and short secrets only where they occur whole', () => {
    expect(scrubSecrets('GET Observation?code=4548-4 failed', [JWT])).toBe('GET Observation?code=4548-4 failed');
    expect(scrubSecrets('sent abcd as the token', ['abcd'])).toBe(`sent ${REDACTED} as the token`);
    expect(scrubSecrets('nothing secret here', [])).toBe('nothing secret here');
  });
});
