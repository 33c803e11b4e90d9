/**
 * What each JWT header field and claim means, per kind of JWT, in a developer's words with the
 * spec that defines it.
 *
 * The same `aud` means "the token endpoint" in a client assertion, "the FHIR server" in an
 * access token and "your client id" in an ID token; explaining it per kind is the point.
 */

/** Which JWT is being explained. */
export type JwtKind = 'assertion' | 'access' | 'id' | 'refresh' | 'unknown';

/** One dictionary entry: the meaning, and the spec section that defines it. */
export interface ClaimMeaning { meaning: string; ref: string }

type Entry = ClaimMeaning & { kinds?: Partial<Record<JwtKind, string>> };

const RFC7519 = 'RFC 7519 §4.1';
const RFC9068 = 'RFC 9068 §2.2';
const SMART_LAUNCH = 'SMART App Launch 2.2, launch context';
const OIDC = 'OpenID Connect Core §2';

/** Registered and SMART claims, with kind-specific meanings where they differ. */
export const CLAIMS: Record<string, Entry> = {
  iss: {
    meaning: 'Issuer: who created and signed this JWT.', ref: RFC7519,
    kinds: {
      assertion: 'Your client_id. In client authentication the client issues the assertion, so iss must equal the client_id the server registered (SMART Backend Services).',
      access: 'The authorization server that issued the token; resource servers trust tokens only from issuers they know.',
      id: "The OpenID provider's issuer URL; it must equal the issuer in the server's discovery document exactly.",
    },
  },
  sub: {
    meaning: 'Subject: whom the JWT is about.', ref: RFC7519,
    kinds: {
      assertion: 'Also your client_id: RFC 7523 client authentication makes the client the subject, so sub must equal iss.',
      access: 'The user or client the token was issued for (RFC 9068: the resource owner, or the client for client_credentials).',
      id: "The user's stable identifier at this issuer; iss + sub together identify the person.",
    },
  },
  aud: {
    meaning: 'Audience: who must accept this JWT; anyone else must reject it.', ref: RFC7519,
    kinds: {
      assertion: "The token endpoint URL, exactly as the server publishes it (SMART). A different audience is the most common cause of invalid_client.",
      access: 'The resource server the token is for; for SMART, usually the FHIR base URL (RFC 9068 §3).',
      id: 'Your client_id: an ID token is addressed to the app that asked for it.',
    },
  },
  exp: {
    meaning: 'Expiry: after this moment the JWT must be rejected.', ref: RFC7519,
    kinds: { assertion: 'SMART: no more than five minutes in the future. Servers reject assertions that live longer or that already expired.' },
  },
  nbf: { meaning: 'Not before: the JWT must be rejected before this moment.', ref: RFC7519 },
  iat: { meaning: 'Issued at: when the JWT was created. A time in the future means a clock is wrong.', ref: RFC7519 },
  jti: {
    meaning: 'JWT id: a unique identifier for this JWT.', ref: RFC7519,
    kinds: { assertion: 'Must be unique per assertion: servers remember recent jti values and reject a replay. Use a random UUID each time.' },
  },
  client_id: { meaning: 'The client the token was issued to.', ref: RFC9068 },
  scope: {
    meaning: 'The scopes this token grants, space-separated. This, not what you requested, is what the FHIR server enforces.', ref: `${RFC9068}; SMART scopes`,
    kinds: { assertion: 'Not part of client authentication: SMART puts scope in the token request body. Servers ignore (or reject) it here.' },
  },
  scp: { meaning: 'Scopes as an array (a Microsoft/Okta spelling of scope).', ref: 'vendor claim' },
  fhirUser: {
    meaning: 'The FHIR resource URL of the signed-in user (Patient, Practitioner, RelatedPerson or Person). Requested with the fhirUser scope.', ref: 'SMART App Launch 2.2, fhirUser',
  },
  profile: { meaning: 'SMART v1 predecessor of fhirUser (a FHIR resource URL), or the OIDC profile page URL.', ref: OIDC },
  patient: { meaning: 'The patient in context: a Patient id on the FHIR server. Patient-level scopes are limited to this patient.', ref: SMART_LAUNCH },
  encounter: { meaning: 'The encounter in context: an Encounter id.', ref: SMART_LAUNCH },
  fhirContext: { meaning: 'Further resources in context (SMART 2: references or types with ids).', ref: SMART_LAUNCH },
  need_patient_banner: { meaning: 'Whether the app must show a patient banner (false when the EHR already shows one).', ref: SMART_LAUNCH },
  smart_style_url: { meaning: 'A stylesheet URL the EHR offers so the app can match its look.', ref: SMART_LAUNCH },
  intent: { meaning: 'What the EHR launched the app for (e.g. "reconcile-medications").', ref: SMART_LAUNCH },
  tenant: { meaning: 'The EHR tenant (site) the launch belongs to.', ref: SMART_LAUNCH },
  nonce: { meaning: 'The nonce your app sent on the authorize request; it must match, which ties the ID token to your sign-in and stops replays.', ref: OIDC },
  at_hash: { meaning: 'Hash of the access token issued with this ID token, so the two cannot be swapped.', ref: OIDC },
  c_hash: { meaning: 'Hash of the authorization code issued with this ID token.', ref: OIDC },
  azp: { meaning: 'Authorized party: the client the ID token was issued to, when aud lists several.', ref: OIDC },
  auth_time: { meaning: 'When the user actually signed in (not when this token was issued).', ref: OIDC },
  acr: { meaning: 'Authentication context class: how strongly the user was authenticated.', ref: OIDC },
  amr: { meaning: 'Authentication methods used (pwd, otp, mfa…).', ref: 'RFC 8176' },
  sid: { meaning: 'Session id at the OpenID provider (used for logout).', ref: 'OpenID Front-Channel Logout' },
  name: { meaning: "The user's full name.", ref: 'OpenID Connect Core §5.1' },
  given_name: { meaning: "The user's given name.", ref: 'OpenID Connect Core §5.1' },
  family_name: { meaning: "The user's family name.", ref: 'OpenID Connect Core §5.1' },
  email: { meaning: "The user's email address.", ref: 'OpenID Connect Core §5.1' },
  preferred_username: { meaning: 'The name the user signs in with.', ref: 'OpenID Connect Core §5.1' },
  roles: { meaning: 'Roles of the user or client (server-specific).', ref: 'RFC 9068 §2.2.3.1' },
  groups: { meaning: 'Groups of the user (server-specific).', ref: 'RFC 9068 §2.2.3.1' },
  entitlements: { meaning: 'Entitlements of the user (server-specific).', ref: 'RFC 9068 §2.2.3.1' },
  cnf: { meaning: 'Confirmation: the key this token is bound to (DPoP or mTLS); the caller must prove possession.', ref: 'RFC 7800' },
  jwks_url: { meaning: 'A vendor claim (InteliChart and others): where the server should fetch your public keys.', ref: 'vendor claim' },
  updated_at: { meaning: "When the user's profile was last updated.", ref: 'OpenID Connect Core §5.1' },
};

/** JOSE header fields. */
export const HEADER_FIELDS: Record<string, Entry> = {
  alg: {
    meaning: 'The signature algorithm. SMART clients sign with RS384 or ES384; "none" means unsigned.', ref: 'RFC 7515 §4.1.1',
    kinds: { access: 'How the server signed the token; check it against the algorithms its JWKS keys allow.', id: 'How the provider signed the ID token; RS256 is the OIDC default.' },
  },
  kid: { meaning: 'Key id: which key in the signer\'s JWK Set verifies this signature.', ref: 'RFC 7515 §4.1.4', kinds: { assertion: 'Must match the kid of a key in the JWKS you registered with the server.' } },
  typ: {
    meaning: 'Media type of the JWT.', ref: 'RFC 7515 §4.1.9',
    kinds: { assertion: 'SMART requires "JWT".', access: '"at+jwt" marks an RFC 9068 access token; anything else means the claims are server-specific.' },
  },
  jku: { meaning: 'URL of the JWK Set holding the verification key. Servers only honour it for URLs registered in advance.', ref: 'RFC 7515 §4.1.2' },
  jwk: { meaning: 'A public key embedded in the header. Servers must not trust it: anyone can embed their own key.', ref: 'RFC 7515 §4.1.3' },
  x5c: { meaning: 'An X.509 certificate chain for the key.', ref: 'RFC 7515 §4.1.6' },
  x5t: { meaning: 'SHA-1 thumbprint of the certificate.', ref: 'RFC 7515 §4.1.7' },
  'x5t#S256': { meaning: 'SHA-256 thumbprint of the certificate.', ref: 'RFC 7515 §4.1.8' },
  cty: { meaning: 'Content type of the payload (for nested JWTs).', ref: 'RFC 7515 §4.1.10' },
  crit: { meaning: 'Header fields the receiver must understand or reject the JWT.', ref: 'RFC 7515 §4.1.11' },
};

/** Claims each kind is expected to carry; anything else counts as custom for that kind. */
export const EXPECTED: Record<JwtKind, readonly string[]> = {
  assertion: ['iss', 'sub', 'aud', 'exp', 'jti', 'iat', 'nbf'],
  access: ['iss', 'sub', 'aud', 'exp', 'iat', 'nbf', 'jti', 'client_id', 'scope', 'scp', 'auth_time', 'acr', 'amr', 'fhirUser', 'patient', 'encounter',
    'fhirContext', 'need_patient_banner', 'smart_style_url', 'intent', 'tenant', 'roles', 'groups', 'entitlements', 'cnf', 'azp', 'sid'],
  id: ['iss', 'sub', 'aud', 'exp', 'iat', 'nbf', 'jti', 'nonce', 'at_hash', 'c_hash', 'azp', 'auth_time', 'acr', 'amr', 'sid', 'fhirUser', 'profile',
    'name', 'given_name', 'family_name', 'email', 'preferred_username', 'updated_at'],
  refresh: ['iss', 'sub', 'aud', 'exp', 'iat', 'nbf', 'jti', 'client_id', 'scope'],
  unknown: Object.keys(CLAIMS),
};
