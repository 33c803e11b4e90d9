import type { HeaderList } from '../../app/activity/types.ts';
import type { HttpClient, HttpRequest, HttpResponse } from '../http/http-client.ts';

/** What a fake route answers: a response, or a thrown error (an AppFailure for transport failures). */
export interface FakeReply { status?: number; statusText?: string; headers?: Record<string, string>; body?: string | object }

/** Answers one request; return undefined to fall through to the next route. */
export type FakeRoute = (req: HttpRequest) => FakeReply | undefined | Promise<FakeReply | undefined>;

/**
 * An in-memory HttpClient for unit tests: routes answer by URL, every request is recorded.
 *
 * Services are tested at the port boundary (what they send, how they read answers), with the
 * network out of the picture; unknown URLs fail loudly so a test never passes by accident.
 */
export class FakeHttpClient implements HttpClient {
  readonly sent: HttpRequest[] = [];
  private readonly routes: { match: (req: HttpRequest) => boolean; route: FakeRoute }[] = [];
  private n = 0;

  /** Answers requests whose URL (without query) equals `url`, or matches the predicate. */
  on(url: string | ((req: HttpRequest) => boolean), route: FakeRoute | FakeReply): this {
    const match = typeof url === 'string' ? (req: HttpRequest) => req.url.split('?')[0] === url : url;
    this.routes.push({ match, route: typeof route === 'function' ? route : () => route });
    return this;
  }

  /** The requests sent to one URL. */
  to(url: string): HttpRequest[] {
    return this.sent.filter((r) => r.url.split('?')[0] === url);
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    this.sent.push(req);
    for (const { match, route } of this.routes) {
      if (!match(req)) continue;
      const reply = await route(req);
      if (reply) return toResponse(req, reply, `fake-${++this.n}`);
    }
    throw new Error(`FakeHttpClient: no route for ${req.method} ${req.url}`);
  }
}

function toResponse(req: HttpRequest, reply: FakeReply, activityId: string): HttpResponse {
  const isObj = typeof reply.body === 'object' && reply.body !== null;
  const bodyText = isObj ? JSON.stringify(reply.body) : (reply.body as string | undefined) ?? '';
  const headers: HeaderList = Object.entries({ ...(isObj ? { 'content-type': 'application/json' } : {}), ...reply.headers }).map(([name, value]) => ({ name, value }));
  const lookup = (name: string) => {
    const found = headers.filter((h) => h.name.toLowerCase() === name.toLowerCase()).map((h) => h.value);
    return found.length ? found.join(', ') : undefined;
  };
  return {
    status: reply.status ?? 200, statusText: reply.statusText ?? '', headers, header: lookup, bodyText, bodyTruncated: false,
    bodySize: Buffer.byteLength(bodyText), url: req.url, timings: { totalMs: 12, waitMs: 10 }, activityId,
  };
}
