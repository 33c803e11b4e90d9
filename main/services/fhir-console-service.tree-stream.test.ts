import { createServer, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTreeHandler } from '../../app/console/tree/tree-handler.ts';
import type { AppFailure } from '../../app/contract/result.ts';
import { mainKit, makeProfile, profileLookup, type MainKit } from './console/console-test-kit.ts';
import type { ToTreeThread } from './console/tree-thread-state.ts';
import { FhirConsoleService } from './fhir-console-service.ts';

/**
 * Large JSON bodies reach the tree thread while they download (see tree-feed.ts). The trees
 * must be exactly those of the whole body, and a body that cannot become a tree (too large,
 * truncated, failed, cancelled, the 401 before a renewal) must leave nothing in the thread.
 * The limits are lowered here so "too large" and "truncated" take megabytes, not hundreds.
 */
vi.mock('../../app/console/limits.ts', async (original) => ({
  ...(await original<typeof import('../../app/console/limits.ts')>()),
  MAX_TREE_BYTES: 2 * 1024 * 1024,
  MAX_RESPONSE_BYTES: 3 * 1024 * 1024,
}));

const entries = (n: number) => Array.from({ length: n }, (_, i) => ({ resource: { resourceType: 'Basic', id: `b${i}`, note: `Zoë ${'x'.repeat(150)} 日本語 🩺` } }));
const BODY = Buffer.from(JSON.stringify({ resourceType: 'Bundle', type: 'searchset', total: 5000, entry: entries(5000) })); // about 1 MB
const BROKEN = Buffer.concat([BODY.subarray(0, -1), Buffer.from(',}')]);
const jsonOf = (bytes: number) => Buffer.from(JSON.stringify({ resourceType: 'Bundle', entry: entries(Math.ceil(bytes / 200)) }));

/** Writes `body` in pieces cut inside multi-byte characters, each on its own turn of the loop. */
async function writeInPieces(res: ServerResponse, body: Buffer, end = true) {
  const cuts = [5, body.indexOf('日') + 1, body.indexOf('🩺') + 2, ...Array.from({ length: 12 }, (_, i) => Math.floor(((i + 1) * body.length) / 13) + 1)].sort((a, b) => a - b);
  let from = 0;
  for (const cut of [...cuts, body.length]) {
    res.write(body.subarray(from, cut));
    from = cut;
    await new Promise((r) => setTimeout(r, 2));
  }
  if (end) res.end();
}

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const json = { 'content-type': 'application/fhir+json' };
    if (path === '/chunked') void writeInPieces(res.writeHead(200, json), BODY);
    else if (path === '/no-type') void writeInPieces(res.writeHead(200), BODY);
    else if (path === '/invalid') void writeInPieces(res.writeHead(200, json), BROKEN);
    else if (path === '/oversized') void writeInPieces(res.writeHead(200, json), jsonOf(2.5 * 1024 * 1024));
    else if (path === '/truncated') void writeInPieces(res.writeHead(200, json), jsonOf(3.5 * 1024 * 1024));
    else if (path === '/stall') void writeInPieces(res.writeHead(200, json), BODY, false);
    else if (path === '/broken') void writeInPieces(res.writeHead(200, { ...json, 'content-length': String(BODY.length + 1000) }), BODY, false).then(() => res.destroy());
    else if (path === '/renew') {
      if (req.headers.authorization === 'Bearer first') void writeInPieces(res.writeHead(401, json), BODY);
      else void writeInPieces(res.writeHead(200, json), BODY);
    } else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

/** What went to the tree thread, by body stream: the kinds of messages in order. */
let toThread: Map<number, string[]>;
let kit: MainKit;
beforeEach(() => {
  toThread = new Map();
  const post = Worker.prototype.postMessage;
  vi.spyOn(Worker.prototype, 'postMessage').mockImplementation(function (this: Worker, message: unknown, transfer?: Parameters<Worker['postMessage']>[1]) {
    const m = message as ToTreeThread;
    if ('stream' in m) toThread.set(m.stream, [...(toThread.get(m.stream) ?? []), m.kind]);
    return post.call(this, message, transfer);
  });
  kit = mainKit();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await kit.cleanup();
});

/** How each body stream ended in the thread: 'finish', 'drop-feed', or still open ('feed'). */
const streamEnds = () => [...toThread.values()].map((kinds) => kinds.at(-1));
const withoutTiming = (answer: unknown) => ({ ...(answer as object), parseMs: 0 });

describe.each([['node:http', undefined], ['fetch', fetch]])('large JSON bodies stream to the tree thread over %s', (_name, network) => {
  let service: FhirConsoleService;
  let n = 0;
  const tokens = { getAccessToken: async (_id: string, opts?: { forceNew?: boolean }) => ({ accessToken: opts?.forceNew ? 'second' : 'first', tokenType: 'Bearer' }) };
  beforeEach(async () => {
    service = new FhirConsoleService({
      dataDir: kit.dataDir, clock: kit.clock, http: kit.http, log: kit.log, tokens, fetch: network,
      profiles: profileLookup(makeProfile({ id: 'open', fhirBaseUrl: base, authMethod: 'none' }), makeProfile({ id: 'token', fhirBaseUrl: base })),
    });
    await service.init();
  });
  afterEach(() => service.dispose());
  const send = (path: string, profileId = 'open') => service.send({ profileId, method: 'GET', path, query: [], headers: [], requestId: `r${++n}` });

  it('builds the same tree as the whole body from pieces cut inside characters, with or without a Content-Type', async () => {
    const expected = createTreeHandler()({ op: 'load', chunks: [BODY.toString('utf8')] });
    for (const path of ['chunked', 'no-type']) {
      const res = await send(path);
      expect(res).toMatchObject({ kind: 'json', treeInMain: true, size: BODY.length });
      expect(withoutTiming(await service.tree(res.responseId, { op: 'open' }))).toEqual(withoutTiming(expected));
      expect(await service.tree(res.responseId, { op: 'search', query: '日本語 🩺' })).toEqual({ count: 5000, capped: false });
      const revealed = await service.tree(res.responseId, { op: 'reveal', match: 4999 }) as { index: number };
      expect(await service.tree(res.responseId, { op: 'value', index: revealed.index })).toMatchObject({ path: 'entry[4999].resource.note' });
    }
    expect(streamEnds()).toEqual(['finish', 'finish']);
    expect([...toThread.values()].every((kinds) => kinds.filter((k) => k === 'feed').length >= 2)).toBe(true); // decoded while downloading
  });

  it('reports invalid JSON with the line and column a whole-body load gives', async () => {
    const res = await send('invalid');
    const opened = await service.tree(res.responseId, { op: 'open' });
    expect(opened).toEqual(createTreeHandler()({ op: 'load', chunks: [BROKEN.toString('utf8')] }));
    expect(opened).toMatchObject({ ok: false, line: 1, column: BROKEN.toString('utf8').length });
    await expect(service.tree(res.responseId, { op: 'rows', start: 0, end: 1 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('keeps only the latest tree', async () => {
    const first = await send('chunked');
    const second = await send('chunked');
    await expect(service.tree(first.responseId, { op: 'open' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await service.tree(second.responseId, { op: 'open' })).toMatchObject({ ok: true });
  });

  it('drops a body over the tree limit or truncated: raw only, no tree, nothing left in the thread', async () => {
    const oversized = await send('oversized');
    expect(oversized).toMatchObject({ kind: 'json', treeInMain: false, truncated: false });
    const truncated = await send('truncated');
    expect(truncated).toMatchObject({ kind: 'json', treeInMain: false, truncated: true });
    for (const res of [oversized, truncated]) await expect(service.tree(res.responseId, { op: 'open' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(streamEnds()).toEqual(['drop-feed', 'drop-feed']);
  });

  it('drops the body of a cancelled request and of one whose connection breaks mid-body', async () => {
    const pending = send('stall');
    await vi.waitUntil(() => streamEnds().length === 1, { timeout: 5000 });
    expect(await service.cancel(`r${n}`)).toEqual({ cancelled: true });
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
    const broken = await send('broken').catch((e: unknown) => e as AppFailure);
    expect(broken).toMatchObject({ code: expect.any(String) });
    expect(streamEnds()).toEqual(['drop-feed', 'drop-feed']);
  });

  it('drops the 401 body sent before the token renewal, and trees the renewed answer', async () => {
    const res = await send('renew', 'token');
    expect(res).toMatchObject({ status: 200, treeInMain: true, token: { renewedAfter401: true } });
    expect(await service.tree(res.responseId, { op: 'open' })).toMatchObject({ ok: true, summary: { entries: 5000 } });
    expect(streamEnds()).toEqual(['drop-feed', 'finish']);
  });
});
