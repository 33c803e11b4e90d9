import { z } from 'zod';
import { DEFAULT_LOOPBACK_PORT } from './redirect-uri.ts';

/**
 * The server profile: everything needed to talk to one FHIR server's authorization.
 *
 * Profiles never hold secrets or private keys (those live in main's encrypted stores and are
 * referenced by id), so a profile can be shown, exported and synced freely.
 */

/** How the app authenticates and which grant it uses. */
export const AUTH_METHODS = [
  'none',
  'client-credentials-basic',
  'client-credentials-post',
  'client-credentials-jwt',
  'auth-code-pkce-public',
  'auth-code-confidential-basic',
  'auth-code-confidential-post',
  'auth-code-confidential-jwt',
] as const;

/** One of AUTH_METHODS. */
export type AuthMethod = (typeof AUTH_METHODS)[number];

/** Labels for the method picker, in the words vendors' documents use. */
export const AUTH_METHOD_LABELS: Record<AuthMethod, string> = {
  none: 'None (open server)',
  'client-credentials-basic': 'Client credentials, client_secret_basic',
  'client-credentials-post': 'Client credentials, client_secret_post',
  'client-credentials-jwt': 'Client credentials, private_key_jwt (SMART Backend Services)',
  'auth-code-pkce-public': 'Authorization code + PKCE, public client',
  'auth-code-confidential-basic': 'Authorization code + PKCE, confidential client (Basic)',
  'auth-code-confidential-post': 'Authorization code + PKCE, confidential client (post)',
  'auth-code-confidential-jwt': 'Authorization code + PKCE, confidential asymmetric client (private_key_jwt)',
};

/** True for methods that need a client id. */
export const needsClientId = (m: AuthMethod): boolean => m !== 'none';
/** True for methods that authenticate with a client secret. */
export const usesClientSecret = (m: AuthMethod): boolean =>
  m === 'client-credentials-basic' || m === 'client-credentials-post' || m === 'auth-code-confidential-basic' || m === 'auth-code-confidential-post';
/** True for methods that sign a client assertion with a private key. */
export const usesAssertion = (m: AuthMethod): boolean => m === 'client-credentials-jwt' || m === 'auth-code-confidential-jwt';
/** True for the browser-based authorization code methods. */
export const isAuthCode = (m: AuthMethod): boolean => m.startsWith('auth-code-');

const trimmed = z.string().trim();

/** An absolute http(s) URL, explained in words when it is not. */
export const httpUrl = trimmed.superRefine((v, ctx) => {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'Enter an absolute URL such as https://fhir.example.com/r4' });
    return;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') ctx.addIssue({ code: 'custom', message: `Use http:// or https://, not ${u.protocol}//` });
  if (u.hash) ctx.addIssue({ code: 'custom', message: 'Remove the #fragment: servers ignore it' });
});

/** An optional URL field: empty means "not set" (use discovery). */
export const optionalUrl = z.union([z.literal(''), httpUrl]).optional().transform((v) => (v ? v : undefined));

/** A URL that may start with `{base}` or `{origin}` (resolved against the profile's FHIR base when used). */
export const endpointTemplate = z
  .union([z.literal(''), z.string().trim().regex(/^\{(base|origin)\}(\/\S*)?$/, 'Start with {base} or {origin}, or enter an absolute URL'), httpUrl])
  .optional()
  .transform((v) => (v ? v : undefined));

/** A name/value pair for extra authorize or token parameters and assertion header fields. */
export const NameValue = z.object({ name: trimmed.min(1, 'Give the parameter a name'), value: z.string() });
/** One of NameValue. */
export type NameValue = z.infer<typeof NameValue>;

/** How an extra assertion claim's value is encoded in the JWT payload. */
export const CLAIM_TYPES = ['string', 'number', 'boolean', 'json'] as const;

/** An extra claim for the client assertion, e.g. InteliChart's `jwks_url` and `accessTokensExpireIn`. */
export const ExtraClaim = NameValue.extend({ type: z.enum(CLAIM_TYPES).default('string') }).superRefine((c, ctx) => {
  if (c.type === 'number' && !Number.isFinite(Number(c.value))) ctx.addIssue({ code: 'custom', path: ['value'], message: `"${c.value}" is not a number` });
  if (c.type === 'boolean' && c.value !== 'true' && c.value !== 'false') ctx.addIssue({ code: 'custom', path: ['value'], message: 'Use true or false' });
  if (c.type === 'json') {
    try { JSON.parse(c.value); } catch { ctx.addIssue({ code: 'custom', path: ['value'], message: 'Not valid JSON' }); }
  }
});
/** One of ExtraClaim. */
export type ExtraClaim = z.infer<typeof ExtraClaim>;

/** Signing algorithms the assertion builder offers (RS384/ES384 are SMART's; others for vendors that ask). */
export const ASSERTION_ALGS = ['RS384', 'ES384', 'RS256', 'ES256', 'RS512', 'PS384'] as const;

/**
 * The assertion lifetime a new profile starts with: 240 s keeps `exp` under SMART's five-minute
 * ceiling with a minute to spare for clock skew (ASSERT-EXP-TOO-FAR at 300 s, the
 * ASSERT-EXP-NO-SKEW-MARGIN band from 290 s).
 */
export const DEFAULT_ASSERTION_LIFETIME_SECONDS = 240;

/** Bounds of the assertion controls: long enough to send a deliberately long-lived or skewed assertion, no longer. */
export const ASSERTION_LIMITS = { maxLifetimeSeconds: 86_400, maxClockOffsetSeconds: 86_400 } as const;

const lifetime = z.number({ error: 'Enter the lifetime in seconds' }).int('Use whole seconds').min(1, 'At least 1 second')
  .max(ASSERTION_LIMITS.maxLifetimeSeconds, `At most ${ASSERTION_LIMITS.maxLifetimeSeconds} seconds (one day)`);
const clockOffset = z.number({ error: 'Enter the offset in seconds' }).int('Use whole seconds')
  .min(-ASSERTION_LIMITS.maxClockOffsetSeconds, 'At most one day back').max(ASSERTION_LIMITS.maxClockOffsetSeconds, 'At most one day ahead');

/** Client assertion settings for private_key_jwt. */
export const AssertionSettings = z.object({
  keyId: z.string().optional(),
  alg: z.enum(ASSERTION_ALGS).default('RS384'),
  lifetimeSeconds: lifetime.default(DEFAULT_ASSERTION_LIFETIME_SECONDS),
  /**
   * Seconds added to this computer's clock when `iat` and `exp` are computed: a negative value
   * builds an assertion that looks late (or already expired), a positive one an assertion from the future.
   */
  clockOffsetSeconds: clockOffset.default(0),
  jku: optionalUrl,
  extraClaims: z.array(ExtraClaim).default([]),
  extraHeader: z.array(NameValue).default([]),
});
/** Parsed AssertionSettings. */
export type AssertionSettings = z.infer<typeof AssertionSettings>;

/**
 * One run's changes to the profile's assertion settings (the assertion controls): another
 * lifetime, clock offset or key, extra claims and header fields, or the previous assertion's
 * `jti` again, to see how a server treats a skewed, long-lived or replayed assertion.
 */
export const AssertionControls = z.object({
  keyId: z.string().min(1).optional(),
  lifetimeSeconds: lifetime.optional(),
  clockOffsetSeconds: clockOffset.optional(),
  /** Send the `jti` of the profile's previous assertion again (a replay a conformant server refuses). */
  reuseJti: z.boolean().optional(),
  extraClaims: z.array(ExtraClaim).max(50).optional(),
  extraHeader: z.array(NameValue).max(50).optional(),
});
/** Parsed AssertionControls. */
export type AssertionControls = z.infer<typeof AssertionControls>;

/** The discovery documents an endpoint can come from. */
export const DISCOVERY_DOCUMENT_KINDS = ['smart-configuration', 'oauth-authorization-server', 'openid-configuration', 'capability-statement'] as const;
/** One of DISCOVERY_DOCUMENT_KINDS. */
export type DiscoveryDocumentKind = (typeof DISCOVERY_DOCUMENT_KINDS)[number];

/** Endpoints found by discovery, kept with the profile so flows work offline from a cache. */
export const DiscoveredEndpoints = z.object({
  /** The document the token endpoint (or, without one, the first endpoint) came from. */
  source: z.enum(DISCOVERY_DOCUMENT_KINDS),
  fetchedAt: z.string(),
  /** The URL discovery started from (the FHIR base, or an issuer the user entered). */
  url: z.string().optional(),
  authorizeEndpoint: z.string().optional(),
  tokenEndpoint: z.string().optional(),
  revocationEndpoint: z.string().optional(),
  introspectionEndpoint: z.string().optional(),
  registrationEndpoint: z.string().optional(),
  jwksUri: z.string().optional(),
  userinfoEndpoint: z.string().optional(),
  issuer: z.string().optional(),
  /** Which document each endpoint was taken from (field name -> document URL), shown next to it. */
  sources: z.record(z.string(), z.string()).optional(),
});
/** Parsed DiscoveredEndpoints. */
export type DiscoveredEndpoints = z.infer<typeof DiscoveredEndpoints>;

/** The fields of a profile, as typed into the form. */
export const ProfileFields = z.object({
  name: trimmed.min(1, 'Give the profile a name').max(120, 'Keep the name under 120 characters'),
  presetId: z.string().optional(),
  fhirBaseUrl: httpUrl,
  authMethod: z.enum(AUTH_METHODS),
  clientId: trimmed.default(''),
  scopes: z.string().default(''),
  authorizeEndpoint: endpointTemplate,
  tokenEndpoint: endpointTemplate,
  introspectionEndpoint: endpointTemplate,
  revocationEndpoint: endpointTemplate,
  registrationEndpoint: endpointTemplate,
  /** The server's JWKS (to verify its tokens), not the client's own key set. */
  jwksUri: endpointTemplate,
  userinfoEndpoint: endpointTemplate,
  redirectUri: optionalUrl,
  /**
   * The loopback port of the default redirect URI `http://127.0.0.1:<port>/callback`, used when
   * no redirect URI is set: fixed, so the URI registered with the vendor stays valid from run to
   * run; 0 picks a free port per run (for servers that allow any loopback port, RFC 8252 §7.3).
   */
  loopbackPort: z.number({ error: 'Enter a port number' }).int('Enter a whole number').min(0, 'Use 0 to 65535').max(65535, 'Use 0 to 65535').default(DEFAULT_LOOPBACK_PORT),
  /** Renew the token in the background before it expires (off: a token is requested only when something needs it). */
  autoRenew: z.boolean().default(false),
  extraAuthorizeParams: z.array(NameValue).default([]),
  extraTokenParams: z.array(NameValue).default([]),
  assertion: AssertionSettings.prefault({}),
  discovered: DiscoveredEndpoints.optional(),
  notes: z.string().max(20_000).default(''),
});

function requireClientId(p: { authMethod: AuthMethod; clientId: string }, ctx: z.RefinementCtx): void {
  if (needsClientId(p.authMethod) && !p.clientId) {
    ctx.addIssue({ code: 'custom', path: ['clientId'], message: 'This auth method needs the client id the server assigned at registration' });
  }
}

/** What a user submits: the fields, plus the id when editing an existing profile. */
export const ProfileInput = ProfileFields.extend({ id: z.string().optional() }).superRefine(requireClientId);
/** ProfileInput as the form builds it (defaults not yet applied). */
export type ProfileInput = z.input<typeof ProfileInput>;

/** A saved profile as main stores it and returns it. */
export const Profile = ProfileFields.extend({ id: z.string().min(1), createdAt: z.string(), updatedAt: z.string() }).superRefine(requireClientId);
/** A saved profile. */
export type Profile = z.output<typeof Profile>;
