import { z } from 'zod';
import type { HeaderList } from '../activity/index.ts';
import { AssertionControls } from '../profiles/index.ts';
import type { Finding } from '../conformance/index.ts';
import type { Diagnosis } from '../diagnosis/index.ts';
import type { AppError } from '../result/index.ts';
import { event, method } from './define.ts';

/** The OAuth grant a run performed. */
export type TokenFlow = 'client_credentials' | 'authorization_code' | 'refresh_token';

/** How the client authenticated at the token endpoint. */
export type ClientAuthKind = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'none';

/** A request as sent, redacted (secrets, assertion signatures and codes replaced by placeholders). */
export interface RequestView { method: string; url: string; headers: HeaderList; body?: string }

/** A response as received, redacted the same way, with timings. */
export interface ResponseView {
  status: number;
  statusText: string;
  headers: HeaderList;
  body?: string;
  bodyTruncated: boolean;
  durationMs: number;
  waitMs: number;
}

/** One visible step of a flow: discovery, assertion, authorize, callback, token request, revoke. */
export interface TokenStep {
  kind: 'discovery' | 'assertion' | 'authorize' | 'callback' | 'token' | 'jwks' | 'revoke';
  title: string;
  status: 'ok' | 'failed' | 'waiting' | 'cancelled';
  /** One line of what happened, in words. */
  detail?: string;
  at: string;
  durationMs?: number;
  request?: RequestView;
  response?: ResponseView;
  activityId?: string;
  /** A client assertion, decoded (the signature is never shown). */
  assertion?: { header: Record<string, unknown>; payload: Record<string, unknown> };
  /** The authorize URL's parameters (state and code_challenge are not secrets). */
  authorize?: { url: string; params: Record<string, string>; redirectUri: string };
}

/** SMART launch context from the token response (and the id_token's fhirUser). */
export interface LaunchContext {
  patient?: string;
  encounter?: string;
  fhirContext?: unknown[];
  needPatientBanner?: boolean;
  smartStyleUrl?: string;
  intent?: string;
  tenant?: string;
  fhirUser?: string;
}

/** What the renderer may know about a token: everything except the token itself. */
export interface TokenSummary {
  flow: TokenFlow;
  tokenType: string;
  obtainedAt: number;
  /** Epoch ms; undefined when the server sent no expires_in. */
  expiresAt?: number;
  expiresIn?: number;
  requestedScope: string;
  /** The scope the server says it granted (undefined when the response had none). */
  grantedScope?: string;
  hasRefreshToken: boolean;
  hasIdToken: boolean;
  accessTokenFormat: 'jwt' | 'opaque';
  /**
   * Decoded claims of a JWT access token (not a credential: the signature stays in main). Claims
   * named like secrets (a `client_secret` a peer embedded, a `password`) are masked; the raw token
   * shows them when revealed.
   */
  accessTokenClaims?: Record<string, unknown>;
  idTokenClaims?: Record<string, unknown>;
  /** Paths of the claims masked by name, `access_token.client_secret`, `id_token.ext.password`. */
  hiddenClaims?: string[];
  launchContext?: LaunchContext;
}

/** Run statuses after which nothing more happens. */
export const FINAL_RUN_STATUSES = ['succeeded', 'failed', 'cancelled'] as const;

/** True while a run still has something in flight (discovery, the browser wait, the token request). */
export const isRunInFlight = (run: Pick<TokenRun, 'status'> | undefined): boolean =>
  !!run && !(FINAL_RUN_STATUSES as readonly string[]).includes(run.status);

/** A token acquisition, step by step, with its outcome and the conformance findings (likeliest first). */
export interface TokenRun {
  id: string;
  profileId: string;
  flow: TokenFlow;
  clientAuth: ClientAuthKind;
  /**
   * `discovering` (finding the endpoints), `awaiting-browser` (sign-in), `exchanging` (the token
   * POST) are in flight and can be cancelled; the other three are final.
   */
  status: 'discovering' | 'awaiting-browser' | 'exchanging' | 'succeeded' | 'failed' | 'cancelled';
  startedAt: string;
  finishedAt?: string;
  steps: TokenStep[];
  token?: TokenSummary;
  /** diagnose() of the run's token exchange (or of the discovery that failed): headline and ranked causes. */
  diagnosis?: Diagnosis;
  /** Every finding of the run: the diagnosis's (causes first), then the authorize request's checks. */
  findings: Finding[];
  scopeComparison?: { missing: string[]; partial: string[]; narrowed: string[]; extra: string[] };
  /** Diagnoses that are not registry rules (clock skew, an added launch scope…). */
  notes: string[];
  error?: AppError;
  /** Server Date header minus this computer's clock, in seconds. */
  clockSkewSeconds?: number;
  /** Set while waiting for the browser: in browser mode the renderer opens `authorizeUrl` itself. */
  browser?: { authorizeUrl: string; openInRenderer: boolean; redirectUri: string; expiresAt: number };
}

/**
 * A client assertion signed ahead of a run (Inspect > Next assertion): decoded and checked, the
 * JWT itself staying in main until a run asks to send it.
 */
export interface PreparedAssertion {
  profileId: string;
  preparedAt: string;
  /** The `aud` it was built for. */
  tokenEndpoint: string;
  /** The stored key it was signed with. */
  keyId: string;
  /** The controls it was built with. */
  controls: AssertionControls;
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** exp as epoch ms. */
  expiresAt?: number;
  /** inspectAssertion on it, with the profile's key as the registered one and this session's jti history. */
  findings: Finding[];
  notes: string[];
}

/** A token the user pasted (kept in main only): what the renderer may know of it. */
export interface PastedTokenSummary {
  profileId: string;
  pastedAt: string;
  tokenType: string;
  /** The first characters and the length, e.g. `eyJ…(masked, 812 chars)`. */
  masked: string;
  format: 'jwt' | 'opaque';
  /** Decoded claims of a JWT (not a credential: the signature stays in main). */
  claims?: Record<string, unknown>;
  /** From the JWT's exp (epoch ms). */
  expiresAt?: number;
  scope?: string;
}

/** The cached token of a profile and how it is kept fresh. */
export interface TokenStatus {
  profileId: string;
  token?: TokenSummary;
  /** The profile's auto-renew setting (renew in the background before expiry). */
  autoRefresh: boolean;
  refreshing: boolean;
  lastRefreshError?: string;
  lastRun?: TokenRun;
  /** Where `tokens:revoke` would send the token; undefined when the server advertises none. */
  revocationEndpoint?: string;
  /** An assertion prepared in Inspect, waiting for a run that asks for it. */
  preparedAssertion?: PreparedAssertion;
  /** A token the user pasted for this profile (console and bulk can send it instead of the profile's). */
  pasted?: PastedTokenSummary;
}

/** Which token `tokens:reveal` / `tokens:revoke` acts on. */
export const TOKEN_KINDS = ['access_token', 'refresh_token', 'id_token'] as const;
/** One of TOKEN_KINDS. */
export type TokenKind = (typeof TOKEN_KINDS)[number];

/** What a revocation did. */
export interface RevokeResult {
  revoked: ('access_token' | 'refresh_token')[];
  steps: TokenStep[];
  findings: Finding[];
  /** The diagnosis of the first revocation that failed. */
  diagnosis?: Diagnosis;
  message: string;
}

const profileId = z.string().min(1);
const byProfile = z.object({ profileId });

/** How a run's assertion differs from the profile's: the assertion controls, or the assertion prepared in Inspect. */
const RunAssertion = {
  /** The assertion controls for this run (private_key_jwt only). */
  assertion: AssertionControls.optional(),
  /** Send the assertion prepared in Inspect (tokens:prepare-assertion) instead of signing a new one. */
  usePreparedAssertion: z.boolean().default(false),
};

const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Token flows, the token cache, reveal/copy, curl export and revocation. */
export const tokenMethods = {
  'tokens:start': method(z.object({
    profileId,
    /** EHR launch: the `launch` value the EHR (or the sandbox) issued. */
    launch: z.string().trim().max(4000).optional().transform((v) => (v ? v : undefined)),
    /** Overrides the profile's scopes for this run. */
    scope: z.string().max(4000).optional(),
    ...RunAssertion,
  })).returns<TokenRun>(),
  'tokens:await': method(z.object({ runId: z.string().min(1), waitMs: z.number().int().min(0).max(25_000).default(20_000) })).returns<TokenRun>(),
  /** Stops a run in flight: closes a sign-in's browser wait, aborts a stalled discovery or token request. */
  'tokens:cancel': method(z.object({ runId: z.string().min(1) })).returns<TokenRun>(),
  'tokens:refresh': method(byProfile.extend(RunAssertion)).returns<TokenRun>(),
  /** Signs the profile's next client assertion with these controls and returns it decoded and checked; the next run may send it. */
  'tokens:prepare-assertion': method(byProfile.extend({ assertion: AssertionControls.default({}) })).returns<PreparedAssertion>(),
  'tokens:discard-assertion': method(byProfile).returns<{ profileId: string; discarded: boolean }>(),
  /** Keeps a token from elsewhere in main for this profile; the console and bulk runner can send it instead of the profile's own. */
  'tokens:paste': method(byProfile.extend({
    token: z.string().trim().min(1, 'Paste a token first').max(64_000, 'That is longer than 64 kB; a token is far smaller')
      // "Bearer eyJ…" as copied from a header is accepted: the scheme is not part of the token.
      .transform((s) => s.replace(/^Bearer\s+/i, ''))
      .refine((s) => s !== '' && !CONTROL_CHARS.test(s) && !/\s/.test(s), 'A token has no spaces, line breaks or control characters; paste the access token alone'),
    tokenType: z.string().trim().max(40).default('Bearer'),
  })).returns<PastedTokenSummary>(),
  'tokens:forget-pasted': method(byProfile).returns<{ profileId: string }>(),
  'tokens:status': method(byProfile).returns<TokenStatus>(),
  'tokens:reveal': method(z.object({ profileId, which: z.enum(TOKEN_KINDS).default('access_token') })).returns<{ which: TokenKind; value: string; tokenType: string }>(),
  'tokens:curl': method(z.object({ profileId, runId: z.string().optional(), includeSecrets: z.boolean().default(false) })).returns<{ curl: string; redacted: boolean }>(),
  'tokens:revoke': method(z.object({ profileId, which: z.enum(['access_token', 'refresh_token', 'all']).default('all') })).returns<RevokeResult>(),
  'tokens:forget': method(byProfile).returns<{ profileId: string }>(),
  'tokens:set-auto-refresh': method(z.object({ profileId, enabled: z.boolean() })).returns<TokenStatus>(),
  'tokens:sandbox-launch': method(z.object({ profileId, patient: z.string().trim().min(1).max(64).default('ana-alvarez'), encounter: z.string().trim().max(64).optional() }))
    .returns<{ launch: string; patient: string }>(),
};

/** Pushed when a profile's cached token changes (new, refreshed, revoked, expired) or a run moves on. */
export const tokenEvents = {
  'tokens:changed': event<{ profileId: string; runId?: string }>(),
};
