import { z } from 'zod';
import type { Finding } from '../conformance/index.ts';
import type { Diagnosis } from '../diagnosis/index.ts';
import type { DocumentForm, EndpointProvenance, FoundEndpoints } from '../discovery/index.ts';
import type { DiscoveryDocumentKind, Profile } from '../profiles/index.ts';
import { method } from './define.ts';

export type { DocumentForm, EndpointProvenance, FoundEndpoints };

/** One discovery request as it went: where, what came back, and what was wrong with it in words. */
export interface DiscoveryFetch {
  url: string;
  status?: number;
  contentType?: string;
  durationMs?: number;
  /** Activity log entry of this exchange. */
  activityId?: string;
  /** Why this document could not be used (404, HTML page, invalid JSON, timeout…); undefined when usable. */
  problem?: string;
}

/** One document discovery read (or tried to), with what it named and whether it may be used. */
export interface DiscoveredDocument {
  kind: DiscoveryDocumentKind;
  /** How the well-known path was put on the URL (the CapabilityStatement: suffix). */
  form: DocumentForm;
  /** 'start': at the URL discovery started from; 'issuer': at the authorization server's issuer, looked for afterwards. */
  role: 'start' | 'issuer';
  fetch: DiscoveryFetch;
  endpoints: FoundEndpoints;
  /** False when the document's endpoints may not be used (not found, unreadable, or its issuer does not match, RFC 8414 §3.3). */
  usable: boolean;
  /** Why a readable document may still not be used (issuer mismatch), in words. */
  issuerProblem?: string;
}

/** How the authorization server's own metadata was looked for when the starting URL's documents named only some endpoints. */
export interface IssuerSearch {
  /** 'named': at the issuer a document named; 'walked-up': up the token endpoint's path. */
  how: 'named' | 'walked-up';
  /** The issuer named, or the token endpoint walked up from. */
  from: string;
  /** Issuers tried, in order. */
  tried: string[];
  /** The issuer whose metadata was found. */
  found?: string;
}

/**
 * What discovery found for a profile: endpoints and capabilities, where they came from, and the
 * conformance findings of `inspectDiscovery` on what was received.
 */
export interface DiscoveryResult {
  profileId: string;
  fhirBaseUrl: string;
  /** The URL discovery started from: the profile's FHIR base, or a URL the user gave (an issuer, say). */
  url: string;
  /** Set when the given URL was a document's URL and discovery started from its base instead. */
  startNote?: string;
  /** Which document supplied the token endpoint (or, without one, the first endpoint); 'none' when nothing was usable. */
  source: DiscoveryDocumentKind | 'none';
  fetchedAt: string;
  /** The SMART configuration fetch (always tried first). */
  wellKnown: DiscoveryFetch;
  /** Present when the CapabilityStatement was fetched (fallback, or cross-check). */
  metadata?: DiscoveryFetch;
  /** The merged endpoints, each from the first usable document that names it. */
  endpoints: FoundEndpoints;
  /** Every document read, in the order of precedence. */
  documents: DiscoveredDocument[];
  /** For each endpoint: the document it came from, and what the others said. */
  provenance: EndpointProvenance[];
  /** Where documents disagree, in words (empty when they agree). */
  disagreements: string[];
  /** Present when the authorization server's metadata was looked for beyond the starting URL. */
  issuerSearch?: IssuerSearch;
  capabilities: string[];
  grantTypes: string[];
  scopesSupported: string[];
  /** token_endpoint_auth_signing_alg_values_supported. */
  signingAlgs: string[];
  authMethods: string[];
  codeChallengeMethods: string[];
  /** The parsed SMART configuration, else the authorization server metadata the endpoints came from (signing algorithms, auth methods). */
  document?: Record<string, unknown>;
  findings: Finding[];
  /** diagnose() of the discovery exchange that decided (the SMART configuration, or the CapabilityStatement that stood in). */
  diagnosis?: Diagnosis;
  /** One line for the UI: what was found, or why nothing was. */
  summary: string;
  /** Set when `discovery:cancel` (or a cancelled token run) stopped it before the server answered. */
  cancelled?: true;
}

const byProfile = z.object({ profileId: z.string().min(1) });
/**
 * An optional URL to discover from instead of the profile's FHIR base (an issuer, a tenant's URL,
 * a pasted document URL); empty means the FHIR base. Main explains a URL it cannot use.
 */
const StartUrl = z.string().trim().max(2000, 'Keep the URL under 2000 characters').optional();

/** Discovery: fetch and inspect, then (on the user's click) store the endpoints in the profile. */
export const discoveryMethods = {
  'discovery:run': method(byProfile.extend({ url: StartUrl })).returns<DiscoveryResult>(),
  /** Stores the last result's endpoints (of this URL, when given) in the profile; endpoints typed on the profile still win. */
  'discovery:apply': method(byProfile.extend({ url: StartUrl })).returns<{ profile: Profile; result: DiscoveryResult }>(),
  /** Stops the profile's running discoveries (a stalled server); each then reports the problem "cancelled". */
  'discovery:cancel': method(byProfile).returns<{ profileId: string; cancelled: number }>(),
};
