import type { CheckOptions, Finding } from '../conformance/index.ts';

/**
 * The diagnosis API's types, exactly as diagnosis-api.md defines them: one exchange as it
 * happened in, one ranked diagnosis out.
 *
 * Framework-free: main diagnoses every exchange it makes, the renderer only shows the result, and
 * the command line prints it as JSON.
 */

/** Which endpoint the exchange went to. */
export type Endpoint =
  | 'discovery' | 'registration' | 'authorize' | 'token' | 'introspection' | 'revocation'
  | 'fhir' | 'bulk-kickoff' | 'bulk-status' | 'bulk-file' | 'jwks';

/** Every endpoint, for validation and tests. */
export const ENDPOINTS: readonly Endpoint[] = [
  'discovery', 'registration', 'authorize', 'token', 'introspection', 'revocation', 'fhir', 'bulk-kickoff', 'bulk-status', 'bulk-file', 'jwks',
];

/** How the client authenticated (or presented a token, for `bearer`). */
export type ClientAuth = 'none' | 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'bearer';
/** SMART's client types. */
export type ClientType = 'public' | 'confidential-symmetric' | 'confidential-asymmetric';
/** The grant a token request (or the token a later call presents) belongs to. */
export type Flow = 'backend' | 'authorization_code' | 'refresh_token';

/** A JSON Web Key Set as received. */
export type JwkSet = { keys: Record<string, unknown>[] };

/** One exchange, exactly as it happened. */
export interface ExchangeInput {
  endpoint: Endpoint;
  flow?: Flow;
  launchMode?: 'standalone' | 'ehr';
  client?: { id?: string; type?: ClientType; auth?: ClientAuth };
  /** What was sent, raw. Secrets may already be masked as '***' (the diagnosis must not need them). */
  request: { method: string; url: string; headers: Record<string, string>; body?: string };
  /** What came back, raw. Absent when no HTTP response arrived (see networkError). */
  response?: { status: number; headers: Record<string, string>; body?: string };
  /** Node/undici error code and message when no response arrived. */
  networkError?: { code: string; message: string };
  /** endpoint 'authorize': the raw query string that arrived on the redirect URI. */
  redirectQuery?: string;
  context?: {
    fhirBaseUrl?: string;
    /** smart-configuration / RFC 8414 / OIDC metadata as discovered. */
    discovery?: Record<string, unknown> | null;
    requestedScope?: string;
    /** The client's published keys (the set the server holds for the client). */
    registeredJwks?: JwkSet;
    /** The server's keys (id_token / JWT access tokens). */
    serverJwks?: JwkSet;
    /** The token response whose token this request presented. */
    tokenResponse?: Record<string, unknown>;
    /** Epoch seconds when that token response arrived. */
    tokenObtainedAt?: number;
    previousJtis?: string[];
    /**
     * Extension to diagnosis-api.md's context: the authorize request a code exchange follows
     * (its redirect_uri and PKCE challenge), so a mismatch can explain invalid_grant.
     */
    authorizeRequest?: { redirect_uri?: string; code_challenge?: string; code_challenge_method?: string; aud?: string; state?: string };
  };
}

/** The single likeliest cause, the ranked causes, and every finding. */
export interface Diagnosis {
  /** 'failed': no response, HTTP >= 400, an OAuth error on the redirect, or a 2xx whose body the protocol calls an error. */
  outcome: 'ok' | 'failed';
  /** The single likeliest cause; null only when outcome is 'ok' and nothing is worth saying first. */
  headline: Finding | null;
  /** Ranked, likeliest first; causes[0] === headline. */
  causes: Finding[];
  /** Every finding the engine produced on this exchange (all rules). */
  findings: Finding[];
}

export type { CheckOptions, Finding };
