import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REDACTED } from '../../../app/activity/redact.ts';
import { readOperationOutcome } from '../../../app/console/operation-outcome.ts';
import type { ConsoleRequestInput } from '../../../app/contract/console.ts';
import { AppFailure } from '../../../app/result/result.ts';
import { startSandbox, type Sandbox } from '../../sandbox/index.ts';
import { mainKit, makeProfile, profileLookup, SandboxTokens, type MainKit } from '../../testing/console-test-kit.ts';
import { FhirConsoleService } from './console-service.ts';

/**
 * The console service against a started sandbox (real tokens, real FHIR server) and a local
 * server for what the sandbox cannot produce (a multi-megabyte body, plain text, a foreign
 * origin that must never see the token).
 */
let sb: Sandbox;
let local: Server;
let localBase: string;
let seen: { url: string; headers: IncomingHttpHeaders }[] = [];
const BIG = JSON.stringify({ resourceType: 'Bundle', type: 'searchset', entry: Array.from({ length: 6000 }, (_, i) => ({ resource: { resourceType: 'Basic', id: `b${i}`, note: `Zoë ${'x'.repeat(290)} 日本語 🩺` } })) });

beforeAll(async () => {
  sb = await startSandbox();
  local = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    if (req.url?.startsWith('/big')) res.writeHead(200, { 'content-type': 'application/fhir+json' }).end(BIG);
    else if (req.url?.startsWith('/text')) res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Maintenance</body></html>');
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => local.listen(0, '127.0.0.1', r));
  localBase = `http://127.0.0.1:${(local.address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  local.closeAllConnections();
  await new Promise((r) => local.close(r));
  await sb.stop();
});

let kit: MainKit;
let tokens: SandboxTokens;
let service: FhirConsoleService;
const newService = () => new FhirConsoleService({
  dataDir: kit.dataDir, clock: kit.clock, http: kit.http, log: kit.log, tokens,
  profiles: profileLookup(makeProfile({ id: 'sbx', name: 'Sandbox', fhirBaseUrl: sb.fhirBaseUrl }), makeProfile({ id: 'open', fhirBaseUrl: localBase, authMethod: 'none' })),
});
beforeEach(async () => {
  seen = [];
  kit = mainKit();
  tokens = new SandboxTokens(sb);
  service = newService();
  await service.init();
});
afterEach(async () => {
  await service.dispose();
  await kit.cleanup();
});

let n = 0;
const send = (req: Partial<ConsoleRequestInput> & { path: string }) => service.send({
  profileId: 'sbx', method: 'GET', requestId: `r${++n}`, token: 'profile', ...req,
  query: (req.query ?? []).map((q) => ({ enabled: true, ...q })), headers: (req.headers ?? []).map((h) => ({ enabled: true, ...h })),
});
const json = (body: string | undefined) => JSON.parse(body ?? 'null') as Record<string, any>;

describe('FhirConsoleService.send', () => {
  it('searches Observation?code=4548-4 with the profile token and logs it redacted', async () => {
    const res = await send({ path: 'Observation', query: [{ name: 'code', value: '4548-4' }] });
    expect(res.status).toBe(200);
    expect(res.kind).toBe('json');
    expect(res.request.url).toBe(`${sb.fhirBaseUrl}/Observation?code=4548-4`);
    const bundle = json(res.inlineBody);
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.entry.length).toBeGreaterThan(0);
    for (const e of bundle.entry) expect(e.resource.code.coding[0].code).toBe('4548-4');
    expect(res.token).toMatchObject({ kind: 'attached', tokenType: expect.stringMatching(/bearer/i), renewedAfter401: false });
    expect(res.request.headers.find((h) => h.name === 'Authorization')?.value).toBe(`Bearer ${REDACTED}`);
    const logged = await kit.log.get(res.activityId ?? '');
    expect(logged.requestHeaders.find((h) => h.name === 'Authorization')?.value).toBe(`Bearer ${REDACTED}`);
    expect(JSON.stringify(logged)).not.toContain(tokens.current);
    expect(logged.responseSize).toBe(res.size);
  });

  it('follows a Bundle next link (an absolute URL on the same server) with the token', async () => {
    const first = await send({ path: 'Observation?_count=2' });
    const page1 = json(first.inlineBody);
    const next = (page1.link as { relation: string; url: string }[]).find((l) => l.relation === 'next')?.url;
    expect(next).toMatch(/^http:\/\/127\.0\.0\.1/);
    const second = await send({ path: next ?? '' });
    expect(second.status).toBe(200);
    expect(second.token.kind).toBe('attached');
    const ids = (b: Record<string, any>) => (b.entry as { resource: { id: string } }[]).map((e) => e.resource.id);
    const page2 = json(second.inlineBody);
    expect(ids(page2)).toHaveLength(2);
    expect(ids(page2).some((id) => ids(page1).includes(id))).toBe(false);
    expect((page2.link as { relation: string }[]).some((l) => l.relation === 'previous')).toBe(true);
  });

  it('gets a new token once after a 401 and succeeds', async () => {
    tokens.badFirst = true;
    const res = await send({ path: 'Patient' });
    expect(res.status).toBe(200);
    expect(res.token).toMatchObject({ kind: 'attached', renewedAfter401: true });
    expect(tokens.calls.map((c) => c.forceNew)).toEqual([false, true]);
    const entries = await kit.log.list({ profileId: 'sbx' });
    expect(entries.map((e) => e.status)).toEqual([200, 401]);
  });

  it('sends a pasted token when asked: never renewed after a 401, redacted in the log and in the answer', async () => {
    tokens.pasted = (await new SandboxTokens(sb).getAccessToken('elsewhere')).accessToken;
    const ok = await send({ path: 'Patient', token: 'pasted' });
    expect(ok.status).toBe(200);
    expect(ok.token).toMatchObject({ kind: 'attached', source: 'pasted', renewedAfter401: false });
    expect(JSON.stringify(ok)).not.toContain(tokens.pasted);
    tokens.pasted = 'a-pasted-token-the-server-refuses';
    const refused = await send({ path: 'Patient', token: 'pasted' });
    expect(refused.status).toBe(401);
    expect(refused.token).toMatchObject({ source: 'pasted', renewedAfter401: false });
    expect(tokens.calls.filter((c) => c.source !== 'pasted')).toEqual([]);
    const logged = JSON.stringify(await Promise.all((await kit.log.list({ profileId: 'sbx' })).map((e) => kit.log.get(e.id))));
    expect(logged).not.toContain('a-pasted-token-the-server-refuses');
    tokens.pasted = undefined;
    await expect(send({ path: 'Patient', token: 'pasted' })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/No token was pasted/) });
  });

  it('shows the server\'s OperationOutcome for a bad search', async () => {
    const res = await send({ path: 'Observation?foo=bar' });
    expect(res.status).toBe(400);
    const issues = readOperationOutcome(json(res.inlineBody));
    expect(issues?.[0]).toMatchObject({ severity: 'error', code: 'not-supported', text: expect.stringContaining('unknown search parameter "foo"') });
  });

  it('refuses a body that is not JSON before sending, with line and column', async () => {
    const err = await send({ method: 'POST', path: 'Patient', body: '{\n  "resourceType": "Patient",\n  name: []\n}' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppFailure);
    expect((err as AppFailure).code).toBe('INVALID_INPUT');
    expect((err as AppFailure).message).toMatch(/not valid JSON \(line 3, column 3\)/);
    expect(await kit.log.list()).toEqual([]);
  });

  it('cancels a stalled request with console:cancel', async () => {
    const pending = send({ path: 'Patient', headers: [{ name: 'X-Sandbox-Fail', value: 'slow=10000' }] });
    await new Promise((r) => setTimeout(r, 200));
    expect(await service.cancel(`r${n}`)).toEqual({ cancelled: true });
    const err = await pending.catch((e: unknown) => e as AppFailure);
    expect(err).toMatchObject({ code: 'CANCELLED', message: expect.stringContaining('cancelled') });
    expect(await service.cancel(`r${n}`)).toEqual({ cancelled: false });
    const history = await service.listHistory('sbx');
    expect(history[0]?.error).toMatch(/cancelled/);
  });

  it('keeps a large body in main and hands it out in pieces cut only between characters', async () => {
    const res = await send({ profileId: 'open', path: 'big' });
    expect(res.inlineBody).toBeUndefined();
    expect(res.size).toBe(Buffer.byteLength(BIG));
    expect(res.token).toEqual({ kind: 'none', reason: expect.stringContaining('no authorization') });
    let text = '';
    let offset = 0;
    for (let piece = 0; offset < res.size; piece++) {
      const got = await service.readBody(res.responseId, offset, 700_001 + piece); // lengths that land inside multi-byte characters
      expect(got.offset).toBe(offset);
      text += Buffer.from(got.base64, 'base64').toString('utf8');
      offset = got.end;
    }
    expect(text).toBe(BIG);
    const cut = await service.readBody(res.responseId, BIG.indexOf('日') + 1 + (Buffer.byteLength(BIG.slice(0, BIG.indexOf('日'))) - BIG.indexOf('日')), 1);
    expect(Buffer.from(cut.base64, 'base64').toString('utf8')).toBe('日');
    const logged = await kit.log.get(res.activityId ?? '');
    expect(logged).toMatchObject({ responseSize: res.size, responseTruncated: true });
  });

  it('builds the tree of a large JSON body in main\'s tree thread and answers rows and searches', async () => {
    const res = await send({ profileId: 'open', path: 'big' });
    expect(res.treeInMain).toBe(true);
    const opened = await service.tree(res.responseId, { op: 'open' });
    expect(opened).toMatchObject({ ok: true, rowCount: 1 + 3 + 6000, summary: { resourceType: 'Bundle', bundleType: 'searchset', entries: 6000 } });
    const rows = await service.tree(res.responseId, { op: 'rows', start: 4, end: 6 }) as { key: unknown; hint?: string }[];
    expect(rows.map((r) => [r.key, r.hint])).toEqual([[0, 'Basic/b0'], [1, 'Basic/b1']]);
    expect(await service.tree(res.responseId, { op: 'search', query: 'b5999' })).toEqual({ count: 1, capped: false });
    const revealed = await service.tree(res.responseId, { op: 'reveal', match: 0 }) as { index: number };
    expect((await service.tree(res.responseId, { op: 'value', index: revealed.index }) as { path: string }).path).toBe('entry[5999].resource.id');
    const small = await send({ path: 'Patient' });
    expect(small.treeInMain).toBe(false);
    await expect(service.tree(small.responseId, { op: 'open' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('shows a non-JSON answer as text', async () => {
    const res = await send({ profileId: 'open', path: 'text' });
    expect(res).toMatchObject({ status: 200, kind: 'text', inlineBody: '<html><body>Maintenance</body></html>', contentType: 'text/html' });
  });

  it('never sends the token to another origin', async () => {
    const res = await send({ path: `${localBase}/text` });
    expect(res.status).toBe(200);
    expect(res.token).toEqual({ kind: 'none', reason: expect.stringContaining('only to the profile\'s server') });
    expect(seen[0]?.headers.authorization).toBeUndefined();
    expect(tokens.calls).toEqual([]);
  });

  it('says in words when the server cannot be reached', async () => {
    const err = await send({ path: 'http://127.0.0.1:9/nothing' }).catch((e: unknown) => e as AppFailure);
    expect(err).toMatchObject({ code: 'NETWORK', message: expect.stringMatching(/refused|failed/i) });
  });
});

describe('FhirConsoleService history, suggestions and curl', () => {
  it('remembers requests per profile across restarts, without credential headers', async () => {
    await send({ path: 'Patient', headers: [{ name: 'Authorization', value: 'Bearer typed-by-hand' }, { name: 'X-Trace', value: '1' }] });
    await send({ profileId: 'open', path: 'text' });
    await service.flush();
    const reopened = newService();
    const history = await reopened.listHistory('sbx');
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ method: 'GET', path: 'Patient', status: 401, at: '2026-03-04T05:06:07.000Z', headers: [{ name: 'X-Trace', value: '1', enabled: true }] });
    expect(JSON.stringify(history)).not.toContain('typed-by-hand');
    expect(await reopened.listHistory('open')).toHaveLength(1);
    expect(await reopened.clearHistory('sbx')).toEqual({ cleared: 1 });
    expect(await reopened.listHistory('sbx')).toEqual([]);
  });

  it('summarizes the CapabilityStatement once per profile, with specification search parameters as a fallback', async () => {
    const caps = await service.capabilities('sbx', false);
    expect(caps.fhirVersion).toBe('4.0.1');
    expect(caps.systemOperations).toContain('export');
    const patient = caps.resources.find((r) => r.type === 'Patient');
    expect(patient?.operations).toContain('export');
    const obs = caps.resources.find((r) => r.type === 'Observation');
    expect(obs?.searchParamSource).toBe('fhir-spec');
    expect(obs?.searchParams.map((p) => p.name)).toEqual(expect.arrayContaining(['code', 'patient', 'date']));
    await service.capabilities('sbx', false);
    expect((await kit.log.list()).filter((e) => e.url.endsWith('/metadata'))).toHaveLength(1);
    await service.capabilities('sbx', true);
    expect((await kit.log.list()).filter((e) => e.url.endsWith('/metadata'))).toHaveLength(2);
  });

  it('copies as curl with a placeholder, or with the token only when asked', async () => {
    const request = { profileId: 'sbx', method: 'GET' as const, path: 'Observation', query: [{ name: 'code', value: '4548-4', enabled: true }], headers: [], token: 'profile' as const };
    const redacted = await service.curl(request, false);
    expect(redacted.tokenIncluded).toBe(false);
    expect(redacted.curl).toContain(`curl '${sb.fhirBaseUrl}/Observation?code=4548-4'`);
    expect(redacted.curl).toContain('-H "Authorization: Bearer $ACCESS_TOKEN"');
    expect(tokens.calls).toEqual([]);
    const withToken = await service.curl(request, true);
    expect(withToken.tokenIncluded).toBe(true);
    expect(withToken.curl).toContain(`-H 'Authorization: Bearer ${tokens.current}'`);
  });
});
