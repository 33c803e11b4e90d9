import { describe, expect, it } from 'vitest';
import { createTreeThreadState, type TreeThreadReply } from './tree-thread-state.ts';

/**
 * The tree thread's messages, run in-process: a body fed in pieces gives the same tree as the
 * whole body, and dropped bodies and trees are really gone.
 */
const DOC = JSON.stringify({ resourceType: 'Bundle', type: 'searchset', total: 3, entry: [1, 2, 3].map((i) => ({ resource: { resourceType: 'Basic', id: `b${i}`, note: `Zoë 日本語 🩺 ${i}` } })) }, null, 1);
const BYTES = new TextEncoder().encode(DOC);
const withoutTiming = (r: TreeThreadReply | undefined) => ({ ...r, value: { ...(r?.value as object), parseMs: 0 } });

/** Feeds `bytes` as stream `stream` cut at `cuts` (the last piece goes with `finish`). */
function feedAndFinish(state: ReturnType<typeof createTreeThreadState>, stream: number, responseId: string, bytes: Uint8Array, cuts: number[]) {
  let from = 0;
  for (const cut of cuts) {
    expect(state.receive({ kind: 'feed', stream, bytes: bytes.slice(from, cut) })).toBeUndefined();
    from = cut;
  }
  return state.receive({ kind: 'finish', id: stream, stream, responseId, bytes: bytes.slice(from) });
}

describe('tree thread state', () => {
  it('builds the same tree from pieces (a character cut between them) as from the whole body, and forgets the pieces', () => {
    const state = createTreeThreadState();
    const whole = state.receive({ kind: 'load', id: 1, responseId: 'whole', bytes: BYTES.slice() });
    const inside = BYTES.indexOf(0xe6) + 1; // inside 日
    const fed = feedAndFinish(state, 2, 'fed', BYTES, [10, inside, BYTES.indexOf(0xf0) + 2]);
    expect(withoutTiming(fed)).toEqual({ ...withoutTiming(whole), id: 2 });
    expect(fed).toMatchObject({ ok: true, value: { ok: true, summary: { resourceType: 'Bundle', total: 3, entries: 3 } } });
    const rows = (id: string) => state.receive({ kind: 'call', id: 9, responseId: id, req: { op: 'search', query: '日本語 🩺 3' } });
    expect(rows('fed')).toEqual(rows('whole'));
    expect(state.held()).toEqual({ trees: 2, feeds: 0 });
  });

  it('reports invalid JSON fed in pieces with the same line and column as the whole body', () => {
    const broken = new TextEncoder().encode('{\n "a": "é",\n oops }');
    const state = createTreeThreadState();
    const whole = state.receive({ kind: 'load', id: 1, responseId: 'whole', bytes: broken.slice() });
    const fed = feedAndFinish(state, 2, 'fed', broken, [9, 10, 20]);
    expect(fed?.value).toEqual(whole?.value);
    expect(fed?.value).toMatchObject({ ok: false, line: 3, column: 2, message: expect.stringMatching(/^The body is not valid JSON/) });
  });

  it('forgets a dropped body and a dropped tree; a call to either then fails', () => {
    const state = createTreeThreadState();
    state.receive({ kind: 'feed', stream: 1, bytes: BYTES.slice(0, 100) });
    state.receive({ kind: 'feed', stream: 2, bytes: BYTES.slice(0, 50) });
    expect(state.held()).toEqual({ trees: 0, feeds: 2 });
    state.receive({ kind: 'drop-feed', stream: 1 });
    state.receive({ kind: 'drop-feed', stream: 2 });
    expect(state.held()).toEqual({ trees: 0, feeds: 0 });
    feedAndFinish(state, 3, 'r3', BYTES, [100]);
    state.receive({ kind: 'drop', responseId: 'r3' });
    expect(state.held()).toEqual({ trees: 0, feeds: 0 });
    expect(state.receive({ kind: 'call', id: 4, responseId: 'r3', req: { op: 'rows', start: 0, end: 1 } })).toMatchObject({ id: 4, ok: false, message: expect.stringContaining('no longer kept') });
  });
});
