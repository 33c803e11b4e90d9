import { EVENT_NAMES, METHOD_NAMES, type Api, type ApiEvents } from '../../../app/contract/index.ts';

const SECRET_KEY = 'fae-bridge-secret';
const SECRET_HEADER = 'x-bridge-secret';

/**
 * Reads the per-launch bridge secret from the URL fragment (`#k=...`) the server printed, keeps
 * it in sessionStorage for reloads, and removes it from the address bar.
 */
export function takeBridgeSecret(): string {
  const match = /(?:^#|&)k=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(SECRET_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return match[1];
  }
  return sessionStorage.getItem(SECRET_KEY) ?? '';
}

/** Browser mode's Api: every method is `POST /api/<method>` with the secret header. */
export function createHttpApi(secret: string): Api {
  const entries = METHOD_NAMES.map((name) => [
    name,
    async (input?: unknown) => {
      try {
        const res = await fetch(`/api/${name}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [SECRET_HEADER]: secret },
          body: input === undefined ? '' : JSON.stringify(input),
        });
        return await res.json();
      } catch (e) {
        return { ok: false, error: { code: 'NETWORK', message: `The app's local server did not answer (${(e as Error).message}). Is it still running?` } };
      }
    },
  ]);
  return Object.fromEntries(entries) as Api;
}

/** Browser mode's events: one Server-Sent Events stream read with fetch (so the secret stays in a header). */
export function createSseEvents(secret: string): ApiEvents {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  let started = false;
  const start = async () => {
    started = true;
    for (;;) {
      try {
        const res = await fetch('/api/events', { headers: { [SECRET_HEADER]: secret } });
        if (!res.ok || !res.body) throw new Error(`status ${res.status}`);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let cut: number;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const name = /^event: (.+)$/m.exec(frame)?.[1];
            const data = /^data: (.*)$/m.exec(frame)?.[1];
            if (name && data !== undefined) listeners.get(name)?.forEach((l) => l(JSON.parse(data)));
          }
        }
      } catch {
        // The server restarted or the network blipped; reconnect below.
      }
      await new Promise((r) => setTimeout(r, 1500));
    }
  };
  const entries = EVENT_NAMES.map((name) => [
    name,
    (listener: (p: unknown) => void) => {
      if (!started) void start();
      const set = listeners.get(name) ?? new Set();
      set.add(listener);
      listeners.set(name, set);
      return () => set.delete(listener);
    },
  ]);
  return Object.fromEntries(entries) as ApiEvents;
}
