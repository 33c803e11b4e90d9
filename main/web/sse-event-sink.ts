import type { ServerResponse } from 'node:http';
import type { EventSink } from '../ports.ts';

/**
 * Browser mode's event push: Server-Sent Events to every connected renderer.
 *
 * Each event is one `event:`/`data:` frame; a comment line every 15 s keeps proxies and the
 * browser from closing an idle stream.
 */
export class SseEventSink implements EventSink {
  private readonly clients = new Set<ServerResponse>();
  private readonly timer = setInterval(() => this.broadcast(': keep-alive\n\n'), 15_000);

  constructor() {
    this.timer.unref();
  }

  /** Adopts a response as an event stream until the client disconnects. */
  attach(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': connected\n\n');
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  emit(event: string, payload: unknown): void {
    this.broadcast(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
  }

  /** Ends every stream (server shutdown). */
  close(): void {
    clearInterval(this.timer);
    for (const c of this.clients) c.end();
    this.clients.clear();
  }

  private broadcast(frame: string): void {
    for (const c of this.clients) c.write(frame);
  }
}
