import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Dispatch } from '../ipc/index.ts';
import type { createBridgeGuard } from './bridge-guard.ts';
import type { SseEventSink } from './sse-event-sink.ts';

/** Largest request body the bridge reads (profile imports are the biggest legitimate input). */
export const MAX_BRIDGE_BODY = 8 * 1024 * 1024;

/** URL prefix of every bridge route: `POST /api/<method>`, `GET /api/events`. */
export const BRIDGE_PREFIX = '/api/';

const json = (res: ServerResponse, status: number, body: unknown) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(text);
};

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BRIDGE_BODY) throw new Error('too-large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Browser mode's transport: the same contract as Electron IPC, over loopback HTTP.
 *
 * `POST /api/<method>` with the JSON input as body answers the method's Result;
 * `GET /api/events` is the Server-Sent Events stream of pushed events.
 */
export function createBridgeHandler(dispatch: Dispatch, guard: ReturnType<typeof createBridgeGuard>, events: SseEventSink) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const verdict = guard.checkSecret(req);
    if (!verdict.ok) return json(res, verdict.status, { ok: false, error: { code: 'UNAUTHORIZED', message: verdict.reason } });
    let name: string;
    try {
      name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.slice(BRIDGE_PREFIX.length));
    } catch {
      return json(res, 400, { ok: false, error: { code: 'INVALID_INPUT', message: 'The method name is not valid percent-encoding' } });
    }
    if (name === 'events') {
      if (req.method !== 'GET') return json(res, 405, { ok: false, error: { code: 'INVALID_INPUT', message: 'Use GET for /api/events' } });
      events.attach(res);
      return;
    }
    if (req.method !== 'POST') return json(res, 405, { ok: false, error: { code: 'INVALID_INPUT', message: `Use POST for /api/${name}` } });
    const type = req.headers['content-type'] ?? '';
    if (!type.startsWith('application/json')) return json(res, 415, { ok: false, error: { code: 'INVALID_INPUT', message: 'Send the input as application/json' } });
    // Refuse a declared oversize body before reading it, and drain the rest: stopping mid-upload resets the connection, and the caller would see a network error instead of this 413.
    if (Number(req.headers['content-length'] ?? 0) > MAX_BRIDGE_BODY) { req.resume(); return json(res, 413, { ok: false, error: { code: 'INVALID_INPUT', message: `Request body over ${MAX_BRIDGE_BODY} bytes` } }); }
    let text: string;
    try {
      text = await readBody(req);
    } catch {
      return json(res, 413, { ok: false, error: { code: 'INVALID_INPUT', message: `Request body over ${MAX_BRIDGE_BODY} bytes` } });
    }
    let input: unknown;
    try {
      input = text.trim() ? JSON.parse(text) : undefined;
    } catch {
      return json(res, 400, { ok: false, error: { code: 'INVALID_INPUT', message: 'The request body is not valid JSON' } });
    }
    const result = await dispatch(name, input);
    if (!result.ok && result.error.code === 'UNKNOWN_METHOD') return json(res, 404, result);
    json(res, 200, result);
  };
}
