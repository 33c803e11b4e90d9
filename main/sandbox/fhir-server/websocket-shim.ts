/**
 * Gives Node 20 a stand-in `WebSocket` global before any `@medplum/*` module loads.
 *
 * Why: `@medplum/core` reads `WebSocket.CLOSING`/`WebSocket.CLOSED` at module load (for its
 * subscription manager), and Node 20 only has a global WebSocket behind
 * `--experimental-websocket`. The sandbox never opens a websocket, so a class that carries the
 * ready-state constants and refuses construction is enough. Import this module first (see
 * `medplum.ts`); it leaves a real WebSocket (Node 22+, or the flag) untouched.
 */

/** Constructing this is always a bug in the sandbox: it never uses websockets. */
class UnavailableWebSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  constructor() {
    throw new Error('WebSocket is not available in the FHIR sandbox');
  }
}

const scope = globalThis as { WebSocket?: unknown };
if (typeof scope.WebSocket === 'undefined') {
  scope.WebSocket = UnavailableWebSocket;
}

/** True when the stand-in was installed (no native WebSocket in this runtime). */
export const websocketShimInstalled = scope.WebSocket === UnavailableWebSocket;
