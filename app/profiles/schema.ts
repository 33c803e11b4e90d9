import { z } from 'zod';

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
};

/** True for methods that need a client id. */
export const needsClientId = (m: AuthMethod): boolean => m !== 'none';
/** True for methods that authenticate with a client secret. */
export const usesClientSecret = (m: AuthMethod): boolean =>
  m === 'client-credentials-basic' || m === 'client-credentials-post' || m === 'auth-code-confidential-basic' || m === 'auth-code-confidential-post';
/** True for methods that sign a client assertion with a private key. */
export const usesAssertion = (m: AuthMethod): boolean => m === 'client-credentials-jwt';
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

/** Client assertion settings for private_key_jwt. */
export const AssertionSettings = z.object({
  keyId: z.string().optional(),
  alg: z.enum(ASSERTION_ALGS).default('RS384'),
  lifetimeSeconds: z.number().int().min(1).max(3600).default(300),
  jku: optionalUrl,
  extraClaims: z.array(ExtraClaim).default([]),
  extraHeader: z.array(NameValue).default([]),
});
/** Parsed AssertionSettings. */
export type AssertionSettings = z.infer<typeof AssertionSettings>;

/** Endpoints found by discovery, kept with the profile so flows work offline from a cache. */
export const DiscoveredEndpoints = z.object({
  source: z.enum(['smart-configuration', 'capability-statement']),
  fetchedAt: z.string(),
  authorizeEndpoint: z.string().optional(),
  tokenEndpoint: z.string().optional(),
  revocationEndpoint: z.string().optional(),
  introspectionEndpoint: z.string().optional(),
  jwksUri: z.string().optional(),
  issuer: z.string().optional(),
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
  redirectUri: optionalUrl,
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
