import { z } from 'zod';
import type { HeaderList } from '../activity/index.ts';
import type { Diagnosis } from '../diagnosis/index.ts';
import { type CapabilitySummary, CONSOLE_METHODS, MAX_CONSOLE_BODY_CHARS, MAX_READ_CHUNK } from '../console/index.ts';
import type { LoadAnswer, TreeAnswers } from '../console/tree/index.ts';
import { method } from './define.ts';

/**
 * The FHIR request console: send a request with a profile's token, read large bodies in
 * pieces, cancel, history, CapabilityStatement suggestions and copy-as-curl.
 *
 * Tokens never cross this contract: main attaches them, and curl text carries one only when
 * the user explicitly asks for it.
 */

const Pair = z.object({ name: z.string().max(500), value: z.string().max(8000), enabled: z.boolean().default(true) });

/** A request as the console editor builds it. */
export const ConsoleRequest = z.object({
  profileId: z.string().min(1, 'Choose a profile'),
  method: z.enum(CONSOLE_METHODS),
  /** Relative to the profile's FHIR base (`Patient?name=x`, `/metadata`) or an absolute http(s) URL. */
  path: z.string().trim().min(1, 'Enter a path such as Patient or Observation?code=4548-4').max(8000, 'Keep the path under 8000 characters'),
  query: z.array(Pair).max(200).default([]),
  headers: z.array(Pair).max(100).default([]),
  body: z.string().max(MAX_CONSOLE_BODY_CHARS, 'The body is over 6 MB; the console sends bodies up to 6 MB').optional(),
  /** Send the profile's token (default) or the one pasted for the profile (tokens:paste). */
  token: z.enum(['profile', 'pasted']).default('profile'),
});
/** ConsoleRequest as the renderer builds it. */
export type ConsoleRequestInput = z.input<typeof ConsoleRequest>;
/** ConsoleRequest after validation. */
export type ConsoleRequest = z.output<typeof ConsoleRequest>;

/** How the token was handled for one request, in words the UI shows next to the status. */
export type TokenUse =
  | { kind: 'none'; reason: string }
  | { kind: 'attached'; tokenType: string; expiresAt?: number; scope?: string; renewedAfter401: boolean; source: 'profile' | 'pasted' };

/**
 * Why a console request failed, as the conformance engine reads it: the explanation of the
 * error (explainOAuthError, causes ranked by what was sent) first, then the checks of the request
 * and of the access token. On a success it is present only when the request check warns.
 *
 * Token values never appear here: main redacts them from every message before it answers.
 */
export interface ConsoleDiagnosis extends Diagnosis {
  /** The server's Date header minus main's clock when the answer arrived, in whole seconds. */
  clockSkewSeconds?: number;
}

/** What came back, without the body when it is large (read it with `console:read-body`). */
export interface ConsoleResponse {
  requestId: string;
  /** Handle to the body kept in main for `console:read-body` (the latest few responses only). */
  responseId: string;
  request: { method: string; url: string; headers: HeaderList };
  status: number;
  statusText: string;
  url: string;
  headers: HeaderList;
  timings: { totalMs: number; waitMs: number };
  /** Body size in bytes as received (what `console:read-body` offsets count). */
  size: number;
  /** True when the body went over the console's limit and the rest was not read. */
  truncated: boolean;
  contentType?: string;
  /** `json` when the Content-Type says so or the text starts like JSON. */
  kind: 'json' | 'text' | 'empty';
  /** The whole body, when it is small enough to send in one piece. */
  inlineBody?: string;
  /** True when main is building the body's tree (large JSON): ask `console:tree`. */
  treeInMain: boolean;
  token: TokenUse;
  /** Present on a failed request (status 400 or above), or when a success warns about the request. */
  diagnosis?: ConsoleDiagnosis;
  activityId?: string;
  historyId: string;
}

/** One remembered request of a profile (never a token; credential headers are not kept). */
export interface ConsoleHistoryEntry {
  id: string;
  at: string;
  profileId: string;
  method: ConsoleRequest['method'];
  path: string;
  query: { name: string; value: string; enabled: boolean }[];
  headers: { name: string; value: string; enabled: boolean }[];
  body?: string;
  status?: number;
  durationMs?: number;
  size?: number;
  error?: string;
}

/**
 * A piece of a large body: UTF-8 bytes [offset, end) as base64 (cheap to carry in JSON, where
 * FHIR text would need every quote escaped), cut only between characters.
 */
export interface BodyPiece { base64: string; offset: number; end: number; total: number }

const profileId = z.object({ profileId: z.string().min(1) });
const index = z.number().int().min(0);

/** What the renderer may ask of a tree main holds (`open` waits for parsing to finish). */
export const TreeCall = z.discriminatedUnion('op', [
  z.object({ op: z.literal('open') }),
  z.object({ op: z.literal('rows'), start: index, end: index }).refine((r) => r.end - r.start <= 2000, 'Ask for at most 2000 rows at a time'),
  z.object({ op: z.literal('toggle'), index }),
  z.object({ op: z.literal('expand-all') }),
  z.object({ op: z.literal('collapse-all') }),
  z.object({ op: z.literal('search'), query: z.string().max(500) }),
  z.object({ op: z.literal('reveal'), match: index }),
  z.object({ op: z.literal('value'), index }),
  z.object({ op: z.literal('pretty') }),
]);

/** The answer to a TreeCall (the caller knows which, by the op it sent). */
export type TreeCallAnswer = LoadAnswer | TreeAnswers[Exclude<keyof TreeAnswers, 'append' | 'load'>];

/** Console methods. */
export const consoleMethods = {
  'console:send': method(ConsoleRequest.extend({ requestId: z.string().min(1).max(100) })).returns<ConsoleResponse>(),
  'console:cancel': method(z.object({ requestId: z.string().min(1).max(100) })).returns<{ cancelled: boolean }>(),
  'console:read-body': method(z.object({
    responseId: z.string().min(1),
    offset: z.number().int().min(0),
    length: z.number().int().min(1).max(MAX_READ_CHUNK),
  })).returns<BodyPiece>(),
  'console:tree': method(z.object({ responseId: z.string().min(1), call: TreeCall })).returns<TreeCallAnswer>(),
  'console:history': method(profileId).returns<ConsoleHistoryEntry[]>(),
  'console:clear-history': method(profileId).returns<{ cleared: number }>(),
  'console:capabilities': method(profileId.extend({ refresh: z.boolean().default(false) })).returns<CapabilitySummary>(),
  'console:curl': method(ConsoleRequest.extend({ includeToken: z.boolean().default(false) })).returns<{ curl: string; tokenIncluded: boolean }>(),
};
