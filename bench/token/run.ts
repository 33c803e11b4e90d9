import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { ProfileInput } from '../../app/profiles/schema.ts';
import { createFileFallbackCipher } from '../../main/adapters/file-fallback-cipher.ts';
import { createFetchHttpClient } from '../../main/http/fetch-http-client.ts';
import { systemClock } from '../../main/ports.ts';
import { ActivityLog } from '../../main/services/activity/activity-log.ts';
import { DiscoveryService } from '../../main/services/discovery/discovery-service.ts';
import { KeyService } from '../../main/services/keys/key-service.ts';
import { TokenService } from '../../main/services/tokens/token-service.ts';
import { rendererBrowserOpener } from '../../main/services/tokens/ports.ts';
import { MemoryProfileStore } from '../../main/testing/memory-profile-store.ts';

/**
 * `node --experimental-websocket --import tsx bench/token/run.ts [--n 200] [--alg RS384|ES384]`:
 * what the app's token service costs over the protocol itself.
 *
 * N private_key_jwt token acquisitions against the local sandbox (in its own process) through
 * the token service (`getAccessToken(forceNew)`: key service signing with the sealed key, the
 * HttpClient with its activity log, response reading, cache) versus a minimal script that signs
 * with jose and POSTs with fetch to the same endpoint with the same key. The two alternate after
 * a warm-up. Prints both medians and the ratio (target <= 1.1); exit code 1 above the target.
 */
const { values } = parseArgs({ options: { n: { type: 'string', default: '200' }, alg: { type: 'string', default: 'RS384' }, warmup: { type: 'string', default: '30' } } });
const n = Number(values.n);
const warmup = Number(values.warmup);
const alg = values.alg === 'ES384' ? 'ES384' : 'RS384';
if (!Number.isInteger(n) || n < 1) throw new Error(`--n must be a positive integer, got ${values.n}`);
const TARGET = 1.1;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

// One key pair for both sides: the app gets it through its normal import, the script keeps it.
const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
const kid = 'bench-kid';
const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg, use: 'sig' }] };

const child = spawn(process.execPath, ['--experimental-websocket', '--import', 'tsx', join(import.meta.dirname, 'sandbox-process.ts')], {
  env: { ...process.env, BENCH_JWKS: JSON.stringify(jwks) }, stdio: ['pipe', 'pipe', 'inherit'],
});
const first = await new Promise<string>((resolve, reject) => {
  createInterface({ input: child.stdout }).once('line', resolve);
  child.once('exit', (code) => reject(new Error(`the sandbox process exited (${code})`)));
});
const { fhirBaseUrl, tokenEndpoint } = JSON.parse(first) as { fhirBaseUrl: string; tokenEndpoint: string };

const dir = await mkdtemp(join(tmpdir(), 'fae-bench-token-'));
try {
  const cipher = await createFileFallbackCipher(dir);
  const events = { emit: () => undefined };
  const clock = systemClock;
  const activity = new ActivityLog({ dataDir: dir, cipher, clock, events });
  const http = createFetchHttpClient({ clock, log: activity });
  const keys = new KeyService({ dataDir: dir, clock, cipher, events });
  const key = await keys.importKey({ text: JSON.stringify(await exportJWK(privateKey)), alg, kid, name: 'bench' });
  const profiles = new MemoryProfileStore();
  await profiles.save(ProfileInput.parse({
    id: 'bench', name: 'bench', fhirBaseUrl, authMethod: 'client-credentials-jwt', clientId: 'bench-client', scopes: 'system/*.rs', tokenEndpoint,
    assertion: { keyId: key.id, alg },
  }));
  const serviceWith = (ports: Pick<ConstructorParameters<typeof TokenService>[0], 'http' | 'signer'>) => new TokenService({
    ...ports, clock, events, profiles, discovery: new DiscoveryService({ http, profiles, clock }), secrets: { getSecret: async () => undefined }, browser: rendererBrowserOpener,
  });
  // The measured service has the app's ports as they are; a second one, used only for the
  // breakdown after the measurement, has timing decorators around them (they add awaits).
  const tokens = serviceWith({ http, signer: keys });
  const spent = { sign: [] as number[], send: [] as number[] };
  const timed = <A extends unknown[], R>(into: number[], fn: (...a: A) => Promise<R>) => async (...a: A): Promise<R> => {
    const t0 = performance.now();
    try { return await fn(...a); } finally { into.push(performance.now() - t0); }
  };
  const timedTokens = serviceWith({ http: { send: timed(spent.send, http.send.bind(http)) }, signer: { signJwt: timed(spent.sign, keys.signJwt.bind(keys)), getPublicJwks: (id: string) => keys.getPublicJwks(id) } });

  const minimal = async () => {
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg, kid, typ: 'JWT' }).setIssuer('bench-client').setSubject('bench-client').setAudience(tokenEndpoint)
      .setJti(randomBytes(32).toString('hex')).setIssuedAt().setExpirationTime('300s').sign(privateKey);
    const res = await fetch(tokenEndpoint, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'system/*.rs', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion }).toString(),
    });
    const body = (await res.json()) as { access_token?: string };
    if (!body.access_token) throw new Error(`minimal script: no token (${res.status} ${JSON.stringify(body)})`);
  };
  const acquire = (service: TokenService) => async () => {
    const t = await service.getAccessToken('bench', { forceNew: true });
    if (!t.accessToken) throw new Error('token service: no token');
  };
  const service = acquire(tokens);
  const time = async (fn: () => Promise<void>) => {
    const t0 = performance.now();
    await fn();
    return performance.now() - t0;
  };

  for (let i = 0; i < warmup; i++) { await minimal(); await service(); }
  const ours: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < n; i++) {
    // Alternate the order so neither side always follows the other.
    if (i % 2) { base.push(await time(minimal)); ours.push(await time(service)); } else { ours.push(await time(service)); base.push(await time(minimal)); }
  }
  // Where the time goes: the same acquisitions through the decorated ports (not part of the ratio).
  const timedService = acquire(timedTokens);
  for (let i = 0; i < warmup; i++) await timedService();
  spent.sign.length = 0;
  spent.send.length = 0;
  const own: number[] = [];
  for (let i = 0; i < n; i++) {
    const total = await time(timedService);
    own.push(total - (spent.sign.at(-1) ?? 0) - (spent.send.at(-1) ?? 0));
  }
  tokens.dispose();
  timedTokens.dispose();
  await activity.flush();
  const mOurs = median(ours);
  const mBase = median(base);
  const ratio = mOurs / mBase;
  console.log(`private_key_jwt (${alg}) token acquisitions against the local sandbox, n=${n} each (after ${warmup} warm-up rounds)`);
  console.log(`  token service (getAccessToken forceNew): median ${mOurs.toFixed(2)} ms`);
  console.log(`  minimal jose + fetch script:             median ${mBase.toFixed(2)} ms`);
  console.log(`  breakdown (separate pass, through timing decorators):`);
  console.log(`    key service signJwt ${median(spent.sign).toFixed(2)} ms, HttpClient.send (fetch + activity log) ${median(spent.send).toFixed(2)} ms, token service's own code ${median(own).toFixed(2)} ms (medians)`);
  console.log(`  ratio: ${ratio.toFixed(3)} (target <= ${TARGET})`);
  process.exitCode = ratio <= TARGET ? 0 : 1;
} finally {
  child.stdin?.end();
  await new Promise((r) => child.once('exit', r));
  await rm(dir, { recursive: true, force: true });
}
