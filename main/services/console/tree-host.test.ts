import { afterEach, describe, expect, it } from 'vitest';
import { TreeHost } from './tree-host.ts';

/**
 * The tree host with a body fed while it downloads: the tree thread builds it, and when the
 * thread stops mid-body the tree is built on main's thread from the whole body instead.
 */
const DOC = Buffer.from(JSON.stringify({ resourceType: 'Bundle', type: 'searchset', entry: Array.from({ length: 4000 }, (_, i) => ({ resource: { resourceType: 'Basic', id: `b${i}`, note: `Zoë ${'x'.repeat(200)} 日本語` } })) }));
const chunks = Array.from({ length: 40 }, (_, i) => DOC.subarray(Math.floor((i * DOC.length) / 40) + 1, Math.floor(((i + 1) * DOC.length) / 40) + 1));
chunks.unshift(DOC.subarray(0, 1));

let host: TreeHost;
afterEach(() => host.dispose());

describe('TreeHost with a fed body', () => {
  it('answers from the thread as for a whole body', async () => {
    host = new TreeHost();
    const feed = host.feed(false);
    expect(feed).toBeDefined();
    for (const c of chunks) feed?.push(c);
    host.load('fed', DOC, feed);
    host.load('whole', DOC);
    await expect(host.call('fed', { op: 'open' })).rejects.toMatchObject({ code: 'NOT_FOUND' }); // keeps one
    expect(await host.call('whole', { op: 'open' })).toMatchObject({ ok: true, rowCount: 1 + 3 + 4000, summary: { entries: 4000 } });
    const again = new TreeHost(2);
    const feedAgain = again.feed(false);
    for (const c of chunks) feedAgain?.push(c);
    again.load('fed', DOC, feedAgain);
    expect(await again.call('fed', { op: 'open' })).toMatchObject({ ok: true, rowCount: 1 + 3 + 4000, summary: { entries: 4000 } });
    expect(await again.call('fed', { op: 'search', query: 'b3999' })).toEqual({ count: 1, capped: false });
    await again.dispose();
  });

  it('builds on main\'s thread from the whole body when the thread stopped during the download', async () => {
    host = new TreeHost();
    const feed = host.feed(false);
    for (const c of chunks.slice(0, 20)) feed?.push(c);
    await host.dispose();
    for (const c of chunks.slice(20)) feed?.push(c);
    host.load('r', DOC, feed);
    expect(await host.call('r', { op: 'open' })).toMatchObject({ ok: true, rowCount: 1 + 3 + 4000 });
    expect(await host.call('r', { op: 'rows', start: 4, end: 5 })).toMatchObject([{ key: 0, hint: 'Basic/b0' }]);
    expect(host.feed(false)).toBeUndefined();
  });
});
