import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { INLINE_BODY_BYTES, MAX_TREE_BYTES } from '../../../app/console/limits.ts';
import { mayBecomeTree, TreeFeed } from './tree-feed.ts';
import type { ToTreeThread } from './tree-thread-state.ts';

/**
 * What goes to the tree thread while a body downloads: nothing for inline-sized bodies, copied
 * pieces for large ones (network chunks stay intact in main), and a drop as soon as the body
 * cannot become a tree.
 */
const channels: MessageChannel[] = [];
afterEach(() => { for (const c of channels.splice(0)) c.port1.close(); });

/**
 * A feed posting through a real port (so transfers really detach), and what it posted (the
 * bytes too when `keepBytes`).
 */
function recordingFeed(sniff = false, threadAlive = () => true, keepBytes = true) {
  const channel = new MessageChannel();
  channels.push(channel);
  const posted: { kind: string; bytes?: Uint8Array }[] = [];
  const feed = new TreeFeed(7, (message: ToTreeThread, transfer) => {
    if (!threadAlive()) return false;
    posted.push({ kind: message.kind, bytes: keepBytes && 'bytes' in message ? message.bytes.slice() : undefined });
    if (keepBytes) channel.port1.postMessage(message, transfer);
    return true;
  }, sniff);
  return { feed, posted };
}

const jsonBody = (bytes: number) => {
  const body = Buffer.alloc(bytes, 0x20);
  body.write('{"note":"Zoë 日本語 🩺","pad":"');
  body.write('"}', bytes - 2);
  return body;
};
const chunksOf = (body: Uint8Array, size: number) => Array.from({ length: Math.ceil(body.length / size) }, (_, i) => body.subarray(i * size, (i + 1) * size));

describe('mayBecomeTree', () => {
  it('accepts JSON (or no Content-Type) over the inline size and within the tree limit, or of unknown length', () => {
    expect(mayBecomeTree('application/fhir+json; charset=utf-8', undefined)).toBe(true);
    expect(mayBecomeTree(undefined, undefined)).toBe(true);
    expect(mayBecomeTree('application/json', String(50 * 1024 * 1024))).toBe(true);
    expect(mayBecomeTree('text/html', undefined)).toBe(false);
    expect(mayBecomeTree('application/json', String(INLINE_BODY_BYTES))).toBe(false);
    expect(mayBecomeTree('application/json', String(MAX_TREE_BYTES + 1))).toBe(false);
  });
});

describe('TreeFeed', () => {
  it('posts nothing for a body an inline answer carries; finish hands over all of it', () => {
    const { feed, posted } = recordingFeed();
    const body = jsonBody(INLINE_BODY_BYTES);
    for (const c of chunksOf(body, 64 * 1024)) feed.push(c);
    expect(posted).toEqual([]);
    expect(body.equals(feed.finish(1, 'r', body.length)?.bytes ?? new Uint8Array())).toBe(true);
  });

  it('posts copies in pieces once the body is large, leaves the network chunks intact, and the pieces add up to the body', () => {
    const { feed, posted } = recordingFeed();
    const body = jsonBody(3 * 1024 * 1024 + 5);
    const chunks = chunksOf(body, 16 * 1024 + 3);
    for (const c of chunks) feed.push(c);
    expect(posted.length).toBeGreaterThan(5);
    expect(posted.every((p) => p.kind === 'feed' && (p.bytes?.byteLength ?? 0) >= 256 * 1024)).toBe(true);
    expect(chunks.every((c) => c.byteLength > 0)).toBe(true); // nothing of main's was detached
    const finish = feed.finish(1, 'r', body.length);
    expect(finish).toMatchObject({ kind: 'finish', stream: 7, responseId: 'r' });
    expect(body.equals(Buffer.concat([...posted.map((p) => p.bytes ?? new Uint8Array()), finish?.bytes ?? new Uint8Array()]))).toBe(true);
    feed.drop(); // after finish: nothing more
    expect(posted.at(-1)?.kind).toBe('feed');
  });

  it('drops what it posted once the body passes the tree limit, and then finishes nothing', () => {
    const { feed, posted } = recordingFeed(false, () => true, false);
    const chunk = new Uint8Array(4 * 1024 * 1024).fill(0x20);
    chunk[0] = 0x5b;
    for (let sent = 0; sent <= MAX_TREE_BYTES; sent += chunk.length) feed.push(chunk);
    expect(posted.at(-1)?.kind).toBe('drop-feed');
    expect(posted.filter((p) => p.kind === 'drop-feed')).toHaveLength(1);
    expect(feed.finish(1, 'r', MAX_TREE_BYTES + chunk.length)).toBeUndefined();
  });

  it('without a Content-Type, posts only a body whose first bytes look like JSON', () => {
    const html = recordingFeed(true);
    const page = Buffer.alloc(INLINE_BODY_BYTES + 300 * 1024, 0x41);
    page.write('<html><body>');
    for (const c of chunksOf(page, 10)) html.feed.push(c); // the first bytes come in several chunks
    expect(html.posted).toEqual([]);
    expect(html.feed.finish(1, 'r', page.length)).toBeUndefined();
    const json = recordingFeed(true);
    const body = Buffer.concat([Buffer.from('  \n '), jsonBody(INLINE_BODY_BYTES + 300 * 1024)]);
    json.feed.push(body.subarray(0, 3));
    json.feed.push(body.subarray(3));
    expect(json.posted.map((p) => p.kind)).toEqual(['feed']);
  });

  it('drops when the size at the end differs, when dropped twice posts one drop, and stops when the thread is gone', () => {
    const { feed, posted } = recordingFeed();
    const body = jsonBody(INLINE_BODY_BYTES + 300 * 1024);
    feed.push(body);
    expect(feed.finish(1, 'r', body.length + 1)).toBeUndefined();
    feed.drop();
    expect(posted.map((p) => p.kind)).toEqual(['feed', 'drop-feed']);
    let alive = true;
    const gone = recordingFeed(false, () => alive);
    gone.feed.push(body.subarray(0, INLINE_BODY_BYTES + 1));
    alive = false;
    gone.feed.push(body.subarray(INLINE_BODY_BYTES + 1));
    expect(gone.feed.finish(1, 'r', body.length)).toBeUndefined();
    expect(gone.posted.map((p) => p.kind)).toEqual(['feed']);
  });
});
