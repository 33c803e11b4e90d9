import { request, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBridge, type TestBridge } from '../../test/support/bridge-http.ts';
import { BRIDGE_SECRET_HEADER } from './bridge-guard.ts';

/** Browser mode's pushed events: Server-Sent Events frames on GET /api/events. */
let bridge: TestBridge;

beforeAll(async () => { bridge = await startTestBridge(); });
afterAll(() => bridge?.stop());

/** Opens the stream and collects parsed frames until a predicate matches. */
function openStream(port: number, secret: string) {
  const frames: { event?: string; data?: unknown; comment?: string }[] = [];
  let buffer = '';
  let onFrame = () => {};
  const ready = new Promise<IncomingMessage>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/events', headers: { host: `127.0.0.1:${port}`, [BRIDGE_SECRET_HEADER]: secret } }, resolve);
    req.on('error', reject);
    req.end();
  });
  const started = ready.then((res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = /^event: (.+)$/m.exec(frame)?.[1];
        const data = /^data: (.*)$/m.exec(frame)?.[1];
        const comment = /^: (.*)$/m.exec(frame)?.[1];
        frames.push({ event, data: data === undefined ? undefined : JSON.parse(data), comment });
        onFrame();
      }
    });
    return res;
  });
  const waitFor = (match: (f: (typeof frames)[number]) => boolean, ms = 5000) =>
    new Promise<(typeof frames)[number]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching frame in ${ms} ms; got ${JSON.stringify(frames)}`)), ms);
      const check = () => {
        const hit = frames.find(match);
        if (hit) { clearTimeout(timer); resolve(hit); }
      };
      onFrame = check;
      check();
    });
  return { started, frames, waitFor, close: async () => (await started).destroy() };
}

describe('GET /api/events', () => {
  it('streams text/event-stream and pushes profiles:changed after a profiles:save', async () => {
    const stream = openStream(bridge.server.port, bridge.server.secret);
    const res = await stream.started;
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/event-stream');
    await stream.waitFor((f) => f.comment === 'connected');

    const saved = await bridge.call('profiles:save', { name: 'Event probe', fhirBaseUrl: 'https://fhir.example.test/r4', authMethod: 'none' });
    expect(saved.json.ok).toBe(true);
    const frame = await stream.waitFor((f) => f.event === 'profiles:changed');
    expect(frame.data).toEqual({ ids: [saved.json.value.id] });
    await stream.close();
  });

  it('sends every event to every connected stream', async () => {
    const a = openStream(bridge.server.port, bridge.server.secret);
    const b = openStream(bridge.server.port, bridge.server.secret);
    await Promise.all([a.waitFor((f) => f.comment === 'connected'), b.waitFor((f) => f.comment === 'connected')]);
    const saved = await bridge.call('profiles:save', { name: 'Fan-out probe', fhirBaseUrl: 'https://fhir.example.test/r4', authMethod: 'none' });
    const id = saved.json.value.id as string;
    const [fa, fb] = await Promise.all([
      a.waitFor((f) => f.event === 'profiles:changed' && (f.data as { ids: string[] }).ids.includes(id)),
      b.waitFor((f) => f.event === 'profiles:changed' && (f.data as { ids: string[] }).ids.includes(id)),
    ]);
    expect(fa.data).toEqual(fb.data);
    await Promise.all([a.close(), b.close()]);
  });

  it('stops writing to a stream once its client disconnected', async () => {
    const stream = openStream(bridge.server.port, bridge.server.secret);
    await stream.waitFor((f) => f.comment === 'connected');
    await stream.close();
    await new Promise((r) => setTimeout(r, 50));
    // A write to a closed socket would surface as an unhandled error; the save must still succeed.
    const saved = await bridge.call('profiles:save', { name: 'After close', fhirBaseUrl: 'https://fhir.example.test/r4', authMethod: 'none' });
    expect(saved.json.ok).toBe(true);
  });
});
