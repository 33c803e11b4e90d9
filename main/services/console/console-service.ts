import { randomUUID } from 'node:crypto';
import { type CapabilitySummary, toCurl, INLINE_BODY_BYTES, MAX_RESPONSE_BYTES, MAX_TREE_BYTES, buildConsoleRequest, checkJson, looksLikeJson, type BuiltRequest } from '../../../app/console/index.ts';
import type { BodyPiece, ConsoleHistoryEntry, ConsoleRequest, ConsoleResponse, TokenUse, TreeCallAnswer } from '../../../app/contract/index.ts';
import type { TreeViewRequest } from '../../../app/console/tree/index.ts';
import { AppFailure } from '../../../app/result/index.ts';
import { redactHeaders } from '../../../app/activity/index.ts';
import type { Profile } from '../../../app/profiles/index.ts';
import { type HttpClient, logPreviewBytes, readBodyBytes, streamExchange, type ExchangeLog } from '../../http/index.ts';
import type { Clock } from '../../ports.ts';
import type { LoadOutcome, FsPort } from '../../stores/index.ts';
import { CapabilityCache } from './capability-cache.ts';
import { ConsoleHistory } from './console-history.ts';
import { ResponseBodies } from './response-bodies.ts';
import { diagnoseConsoleExchange, headlineSentence } from './response-diagnosis.ts';
import type { DiagnosisNotes } from '../diagnosis/index.ts';
import { TreeHost } from './tree/index.ts';
import { authorizationValue, tokenFor, tokenWithheldReason, type AccessToken, type ProfileLookup, type TokenProvider } from '../tokens/index.ts';

/** What the console service needs. */
export interface FhirConsoleDeps {
  /** Records each answer's diagnosis beside its activity log entry. */
  notes?: DiagnosisNotes;
  dataDir: string;
  clock: Clock;
  http: HttpClient;
  log: ExchangeLog;
  profiles: ProfileLookup;
  tokens: TokenProvider;
  fetch?: typeof fetch;
  /** Runs before each request (starts the built-in sandbox on first use). */
  beforeSend?: (url: string) => Promise<void>;
  fs?: FsPort;
  /** Reports a problem the user should know about (a history file that cannot be written). */
  onProblem?: (message: string) => void;
}

interface Sent {
  status: number; statusText: string; url: string; headers: ConsoleResponse['headers']; bytes: Buffer; size: number; truncated: boolean;
  totalMs: number; waitMs: number; activityId: string;
  /** Main's clock when the response headers arrived (what the Date header is compared with). */
  receivedAtMs: number;
}

/** The request's headers as sent: the profile's token goes in Authorization (main only). */
const sentHeaders = (built: BuiltRequest, token: AccessToken | undefined): Record<string, string> =>
  (token ? { ...built.headers, Authorization: authorizationValue(token) } : built.headers);

const headerOf = (headers: { name: string; value: string }[], name: string) => headers.find((h) => h.name.toLowerCase() === name)?.value;

/**
 * The FHIR request console in main: sends what the editor built with the profile's token,
 * renews the token once after a 401, keeps large bodies for paged reading, remembers history,
 * and answers CapabilityStatement suggestions and copy-as-curl.
 *
 * Responses stream through `streamExchange` rather than the buffering HttpClient, so a 50 MB
 * search result is read once, logged as a summary, and handed out in pieces.
 */
export class FhirConsoleService {
  private readonly history: ConsoleHistory;
  private readonly bodies = new ResponseBodies();
  private readonly trees = new TreeHost();
  private readonly inFlight = new Map<string, AbortController>();
  private readonly capabilityCache: CapabilityCache;

  constructor(private readonly deps: FhirConsoleDeps) {
    this.history = new ConsoleHistory({ dataDir: deps.dataDir, clock: deps.clock, fs: deps.fs, onProblem: deps.onProblem });
    this.capabilityCache = new CapabilityCache({ http: deps.http, tokens: deps.tokens, clock: deps.clock });
  }

  /** Loads the history file. */
  init(): Promise<LoadOutcome> {
    return this.history.init();
  }

  /** Sends one console request; see the class comment. */
  async send(input: ConsoleRequest & { requestId: string }): Promise<ConsoleResponse> {
    this.trees.warm();
    const profile = await this.deps.profiles.get(input.profileId);
    const built = this.build(profile, input);
    if (this.inFlight.has(input.requestId)) throw new AppFailure('CONFLICT', 'A request with this id is already running.');
    const abort = new AbortController();
    this.inFlight.set(input.requestId, abort);
    const remember = (outcome: Partial<ConsoleHistoryEntry>) => this.history.add({
      profileId: profile.id, method: input.method, path: input.path, query: input.query, headers: input.headers, body: input.body, ...outcome,
    });
    try {
      const source = input.token;
      const withheld = tokenWithheldReason(profile, built, source);
      let token: AccessToken | undefined = withheld ? undefined : await tokenFor(this.deps.tokens, profile, false, source);
      let sent = await this.transmit(profile, built, token, abort.signal);
      let renewed = false;
      // The profile's token is renewed once after a 401; a pasted one cannot be (the user pastes a fresh one).
      if (sent.status === 401 && token && source === 'profile') {
        token = await tokenFor(this.deps.tokens, profile, true);
        sent = await this.transmit(profile, built, token, abort.signal);
        renewed = true;
      }
      const tokenUse: TokenUse = token
        ? { kind: 'attached', tokenType: token.tokenType || 'Bearer', expiresAt: token.expiresAt, scope: token.scope, renewedAfter401: renewed, source }
        : { kind: 'none', reason: withheld ?? '' };
      const responseId = randomUUID();
      const inline = sent.size <= INLINE_BODY_BYTES;
      if (!inline) this.bodies.put(responseId, sent.bytes);
      const head = sent.bytes.subarray(0, 64).toString('utf8');
      const kind = sent.size === 0 ? 'empty' : looksLikeJson(headerOf(sent.headers, 'content-type'), head) ? 'json' : 'text';
      // Large JSON is parsed in main's tree thread right away, while the answer travels to the renderer.
      const treeInMain = !inline && kind === 'json' && !sent.truncated && sent.size <= MAX_TREE_BYTES;
      if (treeInMain) this.trees.load(responseId, sent.bytes);
      const entry = await remember({ status: sent.status, durationMs: Math.round(sent.totalMs), size: sent.size });
      const contentType = headerOf(sent.headers, 'content-type');
      const requestHeaders = Object.entries(built.headers).map(([name, value]) => ({ name, value }));
      if (token) requestHeaders.push({ name: 'Authorization', value: authorizationValue(token) });
      const response: ConsoleResponse = {
        requestId: input.requestId, responseId,
        request: { method: built.method, url: built.url, headers: redactHeaders(requestHeaders) },
        status: sent.status, statusText: sent.statusText, url: sent.url, headers: sent.headers,
        timings: { totalMs: Math.round(sent.totalMs), waitMs: Math.round(sent.waitMs) },
        size: sent.size, truncated: sent.truncated,
        kind, treeInMain,
        token: tokenUse, activityId: sent.activityId, historyId: entry.id,
      };
      if (contentType) response.contentType = contentType;
      if (inline) response.inlineBody = sent.bytes.toString('utf8');
      const diagnosis = await diagnoseConsoleExchange({
        profile, request: { method: built.method, url: built.url, headers: sentHeaders(built, token) }, token,
        response: { status: sent.status, headers: sent.headers, body: sent.bytes, receivedAtMs: sent.receivedAtMs }, nowMs: this.deps.clock.now(),
      });
      if (diagnosis) response.diagnosis = diagnosis;
      if (diagnosis && sent.activityId) this.deps.notes?.note(sent.activityId, diagnosis);
      return response;
    } catch (e) {
      await remember({ error: e instanceof Error ? e.message : String(e) }).catch(() => undefined);
      throw e;
    } finally {
      this.inFlight.delete(input.requestId);
    }
  }

  /** Waits for history writes in flight (shutdown). */
  flush(): Promise<void> {
    return this.history.flush();
  }

  /** Cancels a running request; false when it had already finished. */
  async cancel(requestId: string): Promise<{ cancelled: boolean }> {
    const abort = this.inFlight.get(requestId);
    abort?.abort();
    return { cancelled: !!abort };
  }

  /** A piece of a large body (bytes as base64, cut between characters). */
  async readBody(responseId: string, offset: number, length: number): Promise<BodyPiece> {
    return this.bodies.read(responseId, offset, length);
  }

  /** A request to the tree of a large JSON response. */
  async tree(responseId: string, call: { op: 'open' } | TreeViewRequest): Promise<TreeCallAnswer> {
    return this.trees.call(responseId, call);
  }

  /** Stops the tree thread (shutdown). */
  async dispose(): Promise<void> {
    await this.trees.dispose();
    await this.history.flush();
  }

  /** A profile's history, newest first. */
  async listHistory(profileId: string): Promise<ConsoleHistoryEntry[]> {
    return this.history.list(profileId);
  }

  /** Forgets a profile's history. */
  async clearHistory(profileId: string): Promise<{ cleared: number }> {
    return this.history.clear(profileId);
  }

  /** Suggestions from the profile's CapabilityStatement (fetched once, then cached). */
  async capabilities(profileId: string, refresh: boolean): Promise<CapabilitySummary> {
    this.trees.warm(); // the console is open: get the tree thread ready for a large answer
    return this.capabilityCache.get(await this.deps.profiles.get(profileId), refresh);
  }

  /** The request as curl; the token (the profile's or the pasted one) only when `includeToken` (gets one if needed). */
  async curl(input: ConsoleRequest, includeToken: boolean): Promise<{ curl: string; tokenIncluded: boolean }> {
    const profile = await this.deps.profiles.get(input.profileId);
    const built = this.build(profile, input);
    const withheld = tokenWithheldReason(profile, built, input.token);
    if (withheld) return { curl: toCurl(built), tokenIncluded: false };
    const token = includeToken ? await tokenFor(this.deps.tokens, profile, false, input.token) : undefined;
    const scheme = token ? authorizationValue(token).split(' ')[0] ?? 'Bearer' : 'Bearer';
    return { curl: toCurl({ ...built, auth: { scheme, token: token?.accessToken } }), tokenIncluded: !!token };
  }

  private build(profile: Profile, input: ConsoleRequest): BuiltRequest {
    let built: BuiltRequest;
    try {
      built = buildConsoleRequest(profile.fhirBaseUrl, input);
    } catch (e) {
      throw new AppFailure('INVALID_INPUT', (e as Error).message, [{ path: 'path', message: (e as Error).message }]);
    }
    const type = Object.entries(built.headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
    if (built.body !== undefined && type && /[/+]json\b/i.test(type)) {
      const problem = checkJson(built.body);
      if (problem) {
        const where = problem.line ? ` (line ${problem.line}, column ${problem.column})` : '';
        const message = `The body is not valid JSON${where}: ${problem.message}. Fix it or change the Content-Type.`;
        throw new AppFailure('INVALID_INPUT', message, [{ path: 'body', message }]);
      }
    }
    return built;
  }

  /** Sends once; a transport failure's message gains what the request and token checks found wrong. */
  private async transmit(profile: Profile, built: BuiltRequest, token: AccessToken | undefined, signal: AbortSignal): Promise<Sent> {
    try {
      return await this.transmitOnce(profile, built, token, signal);
    } catch (e) {
      if (!(e instanceof AppFailure) || e.code === 'CANCELLED') throw e;
      const diagnosis = await diagnoseConsoleExchange({
        profile, request: { method: built.method, url: built.url, headers: sentHeaders(built, token) }, token, failure: e, nowMs: this.deps.clock.now(),
      });
      const extra = headlineSentence(diagnosis);
      throw extra ? new AppFailure(e.code, e.message + extra, e.issues) : e;
    }
  }

  private async transmitOnce(profile: Profile, built: BuiltRequest, token: AccessToken | undefined, signal: AbortSignal): Promise<Sent> {
    const headers = sentHeaders(built, token);
    const streamed = await streamExchange({ fetch: this.deps.fetch, log: this.deps.log, beforeSend: this.deps.beforeSend }, {
      method: built.method, url: built.url, headers, body: built.body, purpose: 'fhir', profileId: profile.id, signal,
      headersTimeoutMs: 120_000, idleTimeoutMs: 60_000, sensitiveValues: token ? [token.accessToken] : [],
    }, async (res) => {
      const body = await readBodyBytes(res, MAX_RESPONSE_BYTES);
      return { value: { res, body }, body: logPreviewBytes(body.bytes, body.truncated) };
    });
    const { res, body } = streamed.value;
    const receivedAtMs = this.deps.clock.now() - Math.max(0, streamed.totalMs - streamed.waitMs);
    return {
      receivedAtMs,
      status: res.status, statusText: res.statusText, url: res.url, headers: res.headers, bytes: body.bytes, size: body.size,
      truncated: body.truncated, totalMs: streamed.totalMs, waitMs: streamed.waitMs, activityId: streamed.activityId,
    };
  }
}
