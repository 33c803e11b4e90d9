import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnose, type ExchangeInput } from '../../app/diagnosis/index.ts';
import { DEMO_CLIENT_IDS, DEMO_SECRETS } from '../../main/sandbox/index.ts';
import { createTokenHarness, type TokenHarness } from '../../main/testing/sandbox-token-harness.ts';
import { networkErrorOf } from './exchange-capture.ts';

/**
 * Transport failures induced live: HTTPS servers on 127.0.0.1 with certificates made here by
 * openssl (self-signed, an untrusted root sent in the chain, a missing intermediate, another
 * host's name, expired) and a name that does not resolve. Each failure is what Node reports
 * (its error code), and each is diagnosed with the NET-* rule for it; one goes through the app's
 * own token run end to end.
 */

let dir: string;
const servers: Server[] = [];
const ports: Record<string, number> = {};
const pem = (name: string) => readFileSync(join(dir, name), 'utf8');
const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

/** A key and a certificate for `cn`, signed by `issuer` (self-signed when absent). */
function cert(name: string, cn: string, opts: { issuer?: string; days?: number; ca?: boolean; san?: string } = {}) {
  ssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
  const ext = opts.ca ? 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n' : `basicConstraints=CA:FALSE\nsubjectAltName=${opts.san ?? `DNS:${cn}`}\n`;
  writeFileSync(join(dir, `${name}.ext`), ext);
  const signer = opts.issuer ? ['-CA', `${opts.issuer}.crt`, '-CAkey', `${opts.issuer}.key`, '-CAcreateserial'] : ['-signkey', `${name}.key`];
  ssl('x509', '-req', '-in', `${name}.csr`, ...signer, '-out', `${name}.crt`, '-days', String(opts.days ?? 30), '-extfile', `${name}.ext`);
}

async function serve(name: string, key: string, chain: string[]): Promise<void> {
  const server = createServer({ key: pem(key), cert: chain.map(pem).join('\n') }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ issuer: 'https://localhost', token_endpoint: 'https://localhost/token' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  ports[name] = (server.address() as AddressInfo).port;
}

/** GETs a discovery document over node:https (optionally trusting `ca`), captured as an exchange. */
function fetchDiscovery(host: string, port: number, ca?: string): Promise<ExchangeInput> {
  const url = `https://${host}:${port}/.well-known/smart-configuration`;
  return new Promise((resolve) => {
    // localhost is pinned to 127.0.0.1 (where the servers listen); any other name is resolved for real.
    const pinned = host === 'localhost' ? { lookup: ((_h: string, o: { all?: boolean }, cb: (...a: unknown[]) => void) => (o.all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4))) as never } : {};
    const req = request(url, { method: 'GET', ...(ca ? { ca: pem(ca) } : {}), ...pinned }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ endpoint: 'discovery', request: { method: 'GET', url, headers: {} }, response: { status: res.statusCode ?? 0, headers: res.headers as Record<string, string>, body } }));
    });
    req.on('error', (e) => resolve({ endpoint: 'discovery', request: { method: 'GET', url, headers: {} }, networkError: networkErrorOf(e) }));
    req.end();
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fae-tls-'));
  cert('root', 'Test Root CA', { ca: true, days: 30 });
  cert('inter', 'Test Intermediate CA', { ca: true, issuer: 'root' });
  cert('leaf', 'localhost', { issuer: 'root', san: 'DNS:localhost,IP:127.0.0.1' });
  cert('deep', 'localhost', { issuer: 'inter', san: 'DNS:localhost,IP:127.0.0.1' });
  cert('other', 'other.example', { issuer: 'root' });
  cert('expired', 'localhost', { issuer: 'root', days: -1, san: 'DNS:localhost,IP:127.0.0.1' });
  cert('self', 'localhost', { san: 'DNS:localhost,IP:127.0.0.1' });
  await serve('self', 'self.key', ['self.crt']);
  await serve('chain', 'leaf.key', ['leaf.crt', 'root.crt']);
  await serve('missing-intermediate', 'deep.key', ['deep.crt']);
  await serve('with-intermediate', 'deep.key', ['deep.crt', 'inter.crt']);
  await serve('other', 'other.key', ['other.crt']);
  await serve('expired', 'expired.key', ['expired.crt']);
}, 60_000);
afterAll(() => {
  for (const s of servers) s.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('TLS and DNS failures against live servers, diagnosed from Node\'s error code', () => {
  const cases: { name: string; server: string; ca?: string; host?: string; code: RegExp; rule: string }[] = [
    { name: 'a self-signed certificate', server: 'self', code: /^DEPTH_ZERO_SELF_SIGNED_CERT$/, rule: 'NET-TLS-UNTRUSTED' },
    { name: 'an untrusted root sent in the chain', server: 'chain', code: /^SELF_SIGNED_CERT_IN_CHAIN$/, rule: 'NET-TLS-UNTRUSTED' },
    { name: 'a private CA this computer does not trust (leaf and intermediate sent)', server: 'with-intermediate', code: /^UNABLE_TO_GET_ISSUER_CERT_LOCALLY$/, rule: 'NET-TLS-UNTRUSTED' },
    { name: 'a missing intermediate', server: 'missing-intermediate', ca: 'root.crt', code: /^UNABLE_TO_VERIFY_LEAF_SIGNATURE$/, rule: 'NET-TLS-UNTRUSTED' },
    { name: 'a certificate for another host', server: 'other', ca: 'root.crt', code: /^ERR_TLS_CERT_ALTNAME_INVALID$/, rule: 'NET-TLS-HOSTNAME' },
    { name: 'an expired certificate', server: 'expired', ca: 'root.crt', code: /^CERT_HAS_EXPIRED$/, rule: 'NET-TLS-EXPIRED' },
    // .invalid never resolves (RFC 6761); offline, the resolver may answer EAI_AGAIN instead.
    { name: 'a host name that does not resolve', server: 'self', host: 'fhir.does-not-exist.invalid', code: /^(ENOTFOUND|EAI_AGAIN)$/, rule: 'NET-DNS' },
  ];
  it.each(cases)('$name -> $rule', async ({ server, ca, host, code, rule }) => {
    const x = await fetchDiscovery(host ?? 'localhost', ports[server]!, ca);
    expect(x.networkError?.code).toMatch(code);
    const d = await diagnose(x);
    expect(d.outcome).toBe('failed');
    expect(d.headline?.rule).toBe(rule);
  });

  it('the same server is fine once its CA is trusted (the failures above are the certificates\', not the servers\')', async () => {
    const x = await fetchDiscovery('localhost', ports['chain']!, 'root.crt');
    expect(x.response?.status).toBe(200);
  });
});

describe('through the app: a token run to a server with a self-signed certificate', () => {
  let h: TokenHarness;
  beforeAll(async () => { h = await createTokenHarness(); }, 60_000);
  afterAll(async () => { await h?.stop(); });

  it('fails with NET-TLS-UNTRUSTED as its headline, in the run and its activity entry', async () => {
    await h.addProfile({ id: 'tls', authMethod: 'client-credentials-basic', clientId: DEMO_CLIENT_IDS.secret, scopes: 'system/Patient.rs', tokenEndpoint: `https://127.0.0.1:${ports['self']}/token` }, DEMO_SECRETS.secret);
    const run = await h.tokens.start({ profileId: 'tls' });
    expect(run.status).toBe('failed');
    expect(run.diagnosis?.headline?.rule).toBe('NET-TLS-UNTRUSTED');
    expect(run.diagnosis?.headline?.message).toMatch(/DEPTH_ZERO_SELF_SIGNED_CERT|self[- ]signed/i);
    const entry = (await h.activity.list({ profileId: 'tls' })).find((e) => e.purpose === 'token');
    expect(entry?.headline?.rule).toBe('NET-TLS-UNTRUSTED');
  });
});
