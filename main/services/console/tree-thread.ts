import { parentPort } from 'node:worker_threads';
import { createTreeThreadState, type ToTreeThread } from './tree-thread-state.ts';

/**
 * Main's tree thread: parses large JSON response bodies and answers the console's tree
 * requests, off main's event loop and in a heap of its own (a 50 MB Bundle becomes hundreds
 * of MB of objects; main's heap and its garbage collections never see them). What it holds and
 * how it answers is in tree-thread-state.ts; this is only the thread's end of the port.
 */

const state = createTreeThreadState();

parentPort?.on('message', (m: ToTreeThread) => {
  const reply = state.receive(m);
  if (reply) parentPort?.postMessage(reply);
});
