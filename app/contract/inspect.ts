import { z } from 'zod';
import type { Finding } from '../conformance/index.ts';
import type { Diagnosis } from '../diagnosis/index.ts';
import type { DiscoveryResult } from './discovery.ts';
import { method } from './define.ts';

/**
 * The Inspect area's main-side methods: checks that need a key, a fetched JWKS or a request to
 * the server. Everything else (decoding, claim explanations, scope comparison) runs in the
 * renderer on the framework-free engine.
 */

/** How a JWT's signature check went, in words the UI shows as is. */
export interface SignatureCheck {
  /**
   * verified / invalid: checked against a key; no-key: the JWKS has no key for this kid and alg;
   * not-checked: no JWKS was available; redacted: the signature was removed (activity log);
   * unsigned: alg none or an empty signature; unsupported: an algorithm that cannot be checked
   * with a public key (HS*).
   */
  status: 'verified' | 'invalid' | 'no-key' | 'not-checked' | 'redacted' | 'unsigned' | 'unsupported';
  /** One line: what was checked against what, and the outcome. */
  message: string;
  /** The kid of the key that verified the signature. */
  kid?: string;
}

/** Where the JWKS used for verification came from, and what was wrong with it. */
export interface JwksOrigin {
  kind: 'profile-key' | 'pasted' | 'url' | 'server';
  /** Words for the UI: "the profile's signing key", "the pasted JWKS", the URL. */
  label: string;
  url?: string;
  /** Activity log entry of the fetch. */
  activityId?: string;
  /** Keys the set holds (undefined when it could not be read). */
  keyCount?: number;
  /** Why the set could not be used (HTML page, not JSON, no keys, HTTP 404…); undefined when usable. */
  problem?: string;
  /** Something worth knowing about a usable set (a lone JWK read as a set). */
  note?: string;
  /** Conformance findings about the JWKS document itself (inspectJwks). */
  findings: Finding[];
}

/** The result of `inspect:assertion`. */
export interface AssertionInspection {
  findings: Finding[];
  signature: SignatureCheck;
  jwks?: JwksOrigin;
  /** What the checks compared the assertion with, so the user sees the assumptions. */
  context: { flow: 'backend' | 'authorization_code'; clientId: string; tokenEndpoint: string; profileName?: string };
  /** Things the user should know that are not rule findings (assumed values, skipped checks). */
  notes: string[];
}

/** Which token a pasted string is. */
export type InspectedTokenKind = 'access' | 'id' | 'refresh';

/** The result of `inspect:token`. */
export interface TokenInspection {
  kind: InspectedTokenKind;
  /** jwt: a signed JWT; jwe: encrypted (5 segments), unreadable by clients; opaque: anything else. */
  format: 'jwt' | 'jwe' | 'opaque';
  /** For opaque and encrypted tokens: what that format means for a client, in words. */
  formatExplanation?: string;
  findings: Finding[];
  signature: SignatureCheck;
  jwks?: JwksOrigin;
  context: { fhirBaseUrl?: string; clientId?: string; issuer?: string; profileName?: string };
  notes: string[];
  /** The server's introspection endpoint, when the profile's server advertises one. */
  introspectionEndpoint?: string;
}

/** The result of `inspect:introspect`. */
export interface IntrospectionInspection {
  endpoint: string;
  /** How the request authenticated, in words ("client_secret_basic", "none: no credentials stored"). */
  clientAuth: string;
  status: number;
  /** The parsed JSON response (introspection responses describe a token; they never contain one). */
  body?: unknown;
  /** The raw response text when it was not JSON (cut to 2,000 characters). */
  rawBody?: string;
  findings: Finding[];
  /** diagnose() of the introspection exchange: why it failed (the caller's authentication, the token type) or, on success, what is worth saying first. */
  diagnosis: Diagnosis;
  activityId: string;
  notes: string[];
}

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** A pasted token: trimmed, under 64 kB, printable text. */
const TokenText = z.string().trim().min(1, 'Paste a token first').max(64_000, 'That is longer than 64 kB; a JWT is far smaller')
  .refine((s) => !CONTROL.test(s), 'The text contains control characters; paste the token itself');
/** Pasted JWKS text: parsed in main so a bad paste becomes a message, not a failed call. */
const JwksText = z.string().max(1_000_000, 'The JWKS is larger than 1 MB').optional().transform((v) => (v && v.trim() ? v : undefined));
const Blank = <T extends z.ZodType>(s: T) => z.union([z.literal(''), s]).optional().transform((v) => (v ? (v as z.output<T>) : undefined));
const Url = z.string().trim().url('Enter an absolute http(s) URL').refine((u) => /^https?:/i.test(u), 'Use http:// or https://');
const ProfileRef = Blank(z.string().min(1));

/** Input of `inspect:assertion`. */
export const InspectAssertionInput = z.object({
  jwt: TokenText,
  /** The profile whose client, token endpoint and signing key the assertion should match. */
  profileId: ProfileRef,
  /** A pasted JWK Set to verify with (takes precedence over the URL and the profile's key). */
  jwks: JwksText,
  /** A JWKS URL (jwks_url / jku) main fetches to verify with. */
  jwksUrl: Blank(Url),
  /** Overrides when no profile is chosen (or to test another value). */
  flow: z.enum(['backend', 'authorization_code']).optional(),
  clientId: Blank(z.string().trim().max(500)),
  tokenEndpoint: Blank(Url),
  /** Check times as of this moment (epoch ms), e.g. when a logged request was sent; default now. */
  evaluateAt: z.number().int().positive().optional(),
});

/** Input of `inspect:token`. */
export const InspectTokenInput = z.object({
  token: TokenText,
  /** 'auto' reads the token to decide (typ, nonce, scope…). */
  kind: z.enum(['auto', 'access', 'id', 'refresh']).default('auto'),
  profileId: ProfileRef,
  /** A pasted server JWKS (otherwise main fetches the profile's jwks_uri). */
  jwks: JwksText,
  /** The token response JSON the token came in (optional): scope and context cross-checks. */
  tokenResponse: Blank(z.string().max(200_000)),
});

/** Input of `inspect:introspect`. */
export const IntrospectInput = z.object({
  profileId: z.string().min(1, 'Choose a profile: introspection needs its server and credentials'),
  token: TokenText,
  tokenTypeHint: z.enum(['access_token', 'refresh_token']).default('access_token'),
  tokenResponse: Blank(z.string().max(200_000)),
});

/** Inspect methods: assertion and token checks with signature verification, introspection, discovery findings. */
export const inspectMethods = {
  'inspect:assertion': method(InspectAssertionInput).returns<AssertionInspection>(),
  'inspect:token': method(InspectTokenInput).returns<TokenInspection>(),
  'inspect:introspect': method(IntrospectInput).returns<IntrospectionInspection>(),
  'inspect:discovery': method(z.object({ profileId: z.string().min(1, 'Choose a profile') })).returns<DiscoveryResult>(),
};
