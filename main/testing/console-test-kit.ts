import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Profile } from '../../app/profiles/schema.ts';
import { AppFailure } from '../../app/result/result.ts';
import { createFetchHttpClient } from '../http/fetch-http-client.ts';
import type { HttpClient } from '../http/http-client.ts';
import type { Sandbox } from '../sandbox/index.ts';
import { createFakeCipher } from './fake-cipher.ts';
import { ActivityLog } from '../services/activity/activity-log.ts';
import type { AccessToken, ProfileLookup, TokenProvider } from '../services/tokens/token-provider.ts';

/**
 * Test wiring shared by the console and bulk-export integration tests: a temporary data
 * folder, the real activity log and HttpClient, in-memory profiles, and a token provider that
 * gets real sandbox tokens with the demo client-secret client over plain fetch.
 *
 * Why: both suites must run against a started sandbox exactly as the app would, without the
 * token service (built and tested elsewhere), and must be able to make the first token bad to
 * prove the one renewal after a 401.
 */

/** Pinned time for stored timestamps. */
export const PINNED = Date.parse('2026-03-04T05:06:07.000Z');

/** A profile with the schema's defaults filled in. */
export function makeProfile(fields: { id: string; name?: string; fhirBaseUrl: string; authMethod?: Profile['authMethod']; clientId?: string }): Profile {
  return Profile.parse({
    name: fields.name ?? fields.id, clientId: fields.clientId ?? (fields.authMethod === 'none' ? '' : 'demo-secret-client'),
    authMethod: fields.authMethod ?? 'client-credentials-basic', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', ...fields,
  });
}

/** Profiles by id; unknown ids fail as the profile service does. */
export function profileLookup(...profiles: Profile[]): ProfileLookup {
  return {
    get: async (id) => {
      const p = profiles.find((x) => x.id === id);
      if (!p) throw new AppFailure('NOT_FOUND', `No profile ${id}`);
      return p;
    },
  };
}

/**
 * Real sandbox tokens; `badFirst` hands out an invalid token until a renewal is forced; `pasted`
 * is what a `source: 'pasted'` request gets (as the token service keeps a pasted token).
 */
export class SandboxTokens implements TokenProvider {
  readonly calls: { profileId: string; forceNew: boolean; source?: string }[] = [];
  private cached: AccessToken | undefined;
  badFirst = false;
  pasted: string | undefined;

  constructor(private readonly sb: Sandbox, private readonly scope = 'system/*.rs') {}

  async getAccessToken(profileId: string, opts?: { forceNew?: boolean; source?: 'profile' | 'pasted' }): Promise<AccessToken> {
    this.calls.push({ profileId, forceNew: !!opts?.forceNew, ...(opts?.source ? { source: opts.source } : {}) });
    if (opts?.source === 'pasted') {
      if (!this.pasted) throw new AppFailure('NOT_FOUND', 'No token was pasted for this profile.');
      return { accessToken: this.pasted, tokenType: 'Bearer', pasted: true };
    }
    if (this.badFirst && !opts?.forceNew) return { accessToken: 'expired-or-revoked-token', tokenType: 'Bearer' };
    if (this.cached && !opts?.forceNew) return this.cached;
    const res = await fetch(this.sb.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from('demo-secret-client:demo-secret-client-secret').toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: this.scope }).toString(),
    });
    const json = (await res.json()) as { access_token?: string; token_type?: string; scope?: string };
    if (!json.access_token) throw new AppFailure('OAUTH_ERROR', `token request failed: ${res.status}`);
    this.cached = { accessToken: json.access_token, tokenType: json.token_type ?? 'Bearer', scope: json.scope };
    if (opts?.forceNew) this.badFirst = false;
    return this.cached;
  }

  /** The token currently handed out (to check what was redacted). */
  get current(): string | undefined {
    return this.cached?.accessToken;
  }
}

/** A temporary data folder with the real activity log and HttpClient. */
export interface MainKit { dataDir: string; log: ActivityLog; http: HttpClient; clock: { now(): number }; cleanup(): Promise<void> }

/** Builds a MainKit; `fetchImpl` replaces the network for both the HttpClient and streamed requests. */
export function mainKit(fetchImpl?: typeof fetch): MainKit {
  const dataDir = mkdtempSync(join(tmpdir(), 'fae-console-'));
  const clock = { now: () => PINNED };
  const log = new ActivityLog({ dataDir, cipher: createFakeCipher(), clock, events: { emit: () => undefined } });
  const http = createFetchHttpClient({ fetch: fetchImpl, clock, log });
  return {
    dataDir, log, http, clock,
    cleanup: async () => {
      await log.flush();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
