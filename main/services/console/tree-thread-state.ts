import { StreamedText } from '../../../app/console/tree/streamed-text.ts';
import { createTreeHandler, type TreeRequest } from '../../../app/console/tree/tree-handler.ts';

/** Messages the tree thread accepts. */
export type ToTreeThread =
  | { kind: 'load'; id: number; responseId: string; bytes: Uint8Array }
  | { kind: 'feed'; stream: number; bytes: Uint8Array }
  | { kind: 'finish'; id: number; stream: number; responseId: string; bytes: Uint8Array }
  | { kind: 'drop-feed'; stream: number }
  | { kind: 'call'; id: number; responseId: string; req: TreeRequest }
  | { kind: 'drop'; responseId: string };

/** The answer to a message that carries an id. */
export type TreeThreadReply = { id: number; ok: boolean; value?: unknown; message?: string };

/**
 * A body still downloading: its text so far, and its pieces as they came. The pieces are kept
 * until the tree is built, as the whole body was before bodies streamed here: V8 counts their
 * bytes as external memory, which prompts it to collect dropped trees every other body or so.
 * Measured with 50 MB Bundles sent in a row: with the pieces kept the thread's heap peaked near
 * 400 MB, as before; without them it grew to about 1 GB of dead trees and then collected them in
 * one go, which also stalled main's event loop for over 200 ms.
 */
interface Incoming { text: StreamedText; pieces: Uint8Array[] }

/**
 * What the tree thread holds (trees by response, bodies still downloading by stream) and how
 * each message changes it.
 *
 * Why apart from the thread's port: tests run it in-process and can see that dropped bodies
 * and trees are really gone. A body arrives whole (`load`) or in pieces while it downloads
 * (`feed`, then `finish` or `drop-feed`); pieces are decoded as they come, so `finish` only
 * joins, parses and builds the tree.
 */
export function createTreeThreadState() {
  const trees = new Map<string, ReturnType<typeof createTreeHandler>>();
  const feeds = new Map<number, Incoming>();

  const answer = (m: Extract<ToTreeThread, { id: number }>): unknown => {
    if (m.kind === 'call') {
      const handle = trees.get(m.responseId);
      if (!handle) throw new Error('That response\'s tree is no longer kept; send the request again.');
      return handle(m.req);
    }
    const handle = createTreeHandler();
    let loaded: unknown;
    if (m.kind === 'finish') {
      const incoming = feeds.get(m.stream) ?? { text: new StreamedText(), pieces: [] };
      feeds.delete(m.stream);
      incoming.text.add(m.bytes);
      loaded = handle({ op: 'load', chunks: [incoming.text.finish()] });
      incoming.pieces.length = 0; // let go only now (see Incoming)
    } else {
      handle({ op: 'append', index: 0, bytes: m.bytes });
      loaded = handle({ op: 'load' });
    }
    trees.set(m.responseId, handle);
    return loaded;
  };

  return {
    /** Applies a message; returns the reply to send, if the message expects one. */
    receive(m: ToTreeThread): TreeThreadReply | undefined {
      switch (m.kind) {
        case 'drop': trees.delete(m.responseId); return undefined;
        case 'drop-feed': feeds.delete(m.stream); return undefined;
        case 'feed': {
          let incoming = feeds.get(m.stream);
          if (!incoming) feeds.set(m.stream, (incoming = { text: new StreamedText(), pieces: [] }));
          incoming.text.add(m.bytes);
          incoming.pieces.push(m.bytes);
          return undefined;
        }
        default:
          try {
            return { id: m.id, ok: true, value: answer(m) };
          } catch (e) {
            return { id: m.id, ok: false, message: e instanceof Error ? e.message : String(e) };
          }
      }
    },
    /** How many trees and downloading bodies are held. */
    held: () => ({ trees: trees.size, feeds: feeds.size }),
  };
}
