import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProfileInput } from '../../app/profiles/schema.ts';
import { createFetchHttpClient } from '../http/fetch-http-client.ts';
import { startSandbox, type Sandbox } from '../sandbox/index.ts';
import { browse, CookieJar, formAction } from '../sandbox/testing/sandbox-test-kit.ts';
import { systemClock, type SecretCipher } from '../ports.ts';
import { ActivityLog } from '../services/activity/activity-log.ts';
import { DiscoveryService } from '../services/discovery/discovery-service.ts';
import { createRegisteredKeySource } from '../services/diagnosis/index.ts';
import { RunHistory, tokenRunToKeep } from '../services/runs/index.ts';
import { KeyService } from '../services/keys/key-service.ts';
import { TokenService } from '../services/tokens/token-service.ts';
import type { BrowserOpener } from '../services/tokens/ports.ts';
import { createFakeCipher } from './fake-cipher.ts';
import { MemoryProfileStore } from './memory-profile-store.ts';

/** How the simulated user answers the sandbox's sign-in pages. */
export interface SignInScript { username?: string; password?: string; patient?: string; deny?: boolean; untick?: string[] }

/** What the simulated browser saw: the page titles, and the loopback page it ended on. */
export interface BrowserVisit { titles: string[]; finalStatus?: number; finalPage?: string; error?: string }

/**
 * A started sandbox plus the real token stack around it (fetch HttpClient with the activity log,
 * KeyService with generated keys, DiscoveryService, TokenService), for integration tests and the
 * benchmark.
 *
 * The "system browser" is simulated with fetch and a cookie jar: it follows the authorize
 * redirects, fills the sandbox's login, patient and consent forms, and finally calls the app's
 * loopback redirect URI, exactly as a person's browser would.
 */
export interface TokenHarness {
  sb: Sandbox;
  keys: KeyService;
  activity: ActivityLog;
  profiles: MemoryProfileStore;
  secrets: Map<string, string>;
  tokens: TokenService;
  discovery: DiscoveryService;
  /** The run history in the harness's data folder (default limits), as compose wires it. */
  runs: RunHistory;
  dataDir: string;
  /** The next sign-in's answers; reset after each visit. */
  script: SignInScript;
  /** Visits the simulated browser made, newest last. */
  visits: Promise<BrowserVisit>[];
  addProfile(fields: Partial<ProfileInput> & { id: string }, secret?: string): Promise<void>;
  stop(): Promise<void>;
}

const title = (html: string) => /<h1>([^<]*)<\/h1>/.exec(html)?.[1] ?? '';

async function visit(sb: Sandbox, url: string, script: SignInScript): Promise<BrowserVisit> {
  const jar = new CookieJar();
  const titles: string[] = [];
  let res = await browse(jar, url);
  for (let i = 0; i < 15; i++) {
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      const next = new URL(location, sb.origin);
      if (next.origin !== sb.origin) {
        const final = await fetch(next.href);
        return { titles, finalStatus: final.status, finalPage: await final.text() };
      }
      res = await browse(jar, next.href);
      continue;
    }
    const html = await res.text();
    titles.push(title(html));
    const at = (suffix: string) => {
      const a = formAction(html, suffix);
      return a ? new URL(a, sb.origin).href : undefined;
    };
    const [login, picker, consent, abort] = [at('/login'), at('/patient'), at('/consent'), at('/abort')];
    if (script.deny && consent && abort) res = await browse(jar, abort, new URLSearchParams({ action: 'deny' }));
    else if (login) res = await browse(jar, login, new URLSearchParams({ username: script.username ?? 'clinician', password: script.password ?? 'sandbox' }));
    else if (picker) res = await browse(jar, picker, new URLSearchParams({ patient: script.patient ?? 'ana-alvarez' }));
    else if (consent) {
      const form = new URLSearchParams();
      for (const m of html.matchAll(/name="scope" value="([^"]*)"/g)) if (!script.untick?.includes(m[1] ?? '')) form.append('scope', (m[1] ?? '').replaceAll('&amp;', '&'));
      res = await browse(jar, consent, form);
    } else return { titles, finalStatus: res.status, finalPage: html, error: 'stopped on a page with no known form' };
  }
  return { titles, error: 'too many steps' };
}

/** Starts the sandbox and the token stack. */
export async function createTokenHarness(opts: { tokenTimeoutMs?: number; authTimeoutMs?: number; cipher?: (dataDir: string) => Promise<SecretCipher> } = {}): Promise<TokenHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'fae-tokens-'));
  const sb = await startSandbox({ port: 0 });
  const cipher = opts.cipher ? await opts.cipher(dir) : createFakeCipher();
  const events = { emit: () => undefined };
  const clock = systemClock;
  const activity = new ActivityLog({ dataDir: dir, cipher, clock, events });
  await activity.init();
  const http = createFetchHttpClient({ clock, log: activity });
  const keys = new KeyService({ dataDir: dir, clock, cipher, events });
  await keys.init();
  const profiles = new MemoryProfileStore();
  const secrets = new Map<string, string>();
  const discovery = new DiscoveryService({ http, profiles, clock });
  const harness = { script: {} as SignInScript, visits: [] as Promise<BrowserVisit>[] };
  const browser: BrowserOpener = {
    opensInRenderer: false,
    async open(url) {
      const script = harness.script;
      harness.script = {};
      harness.visits.push(visit(sb, url, script).catch((e: unknown) => ({ titles: [], error: String(e) })));
    },
  };
  // The key set the sandbox holds for a client, as compose wires it (for ASSERT-KID-UNKNOWN).
  const registeredKeys = createRegisteredKeySource({
    http, sandbox: { registeredJwks: async (tokenEndpoint, clientId) => (new URL(tokenEndpoint).origin === sb.origin ? sb.clientJwks(clientId) : undefined) },
  });
  const notes = { note: (activityId: string, d: Parameters<ActivityLog['note']>[1]) => activity.note(activityId, d) };
  const runs = new RunHistory({ dataDir: dir, limits: () => ({ maxRuns: 1000, maxBytes: 50 * 1024 * 1024 }) });
  await runs.init();
  const tokens = new TokenService({
    http, clock, events, profiles, discovery, signer: keys, secrets: { getSecret: async (id) => secrets.get(id) }, browser, registeredKeys, notes,
    onRunEnded: (run) => { const keep = tokenRunToKeep(run); if (keep) void runs.record(keep); },
    ...(opts.tokenTimeoutMs ? { tokenTimeoutMs: opts.tokenTimeoutMs } : {}), authTimeoutMs: opts.authTimeoutMs ?? 20_000,
  });
  return Object.assign(harness, {
    sb, keys, activity, profiles, secrets, tokens, discovery, runs, dataDir: dir,
    async addProfile(fields: Partial<ProfileInput> & { id: string }, secret?: string) {
      // Port 0 (any free port): tests never depend on the fixed default loopback port being free.
      await profiles.save(ProfileInput.parse({ name: fields.id, fhirBaseUrl: sb.fhirBaseUrl, authMethod: 'client-credentials-basic', clientId: 'unset', loopbackPort: 0, ...fields }));
      if (secret !== undefined) secrets.set(fields.id, secret);
    },
    async stop() {
      tokens.dispose();
      await sb.stop();
      await activity.flush();
      await runs.flush();
      await rm(dir, { recursive: true, force: true });
    },
  });
}
