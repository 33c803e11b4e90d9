import { z } from 'zod';
import type { Finding } from '../conformance/index.ts';
import type { Profile } from '../profiles/index.ts';
import { method } from './define.ts';

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

/** OAuth endpoints a server published, from either discovery document. */
export interface FoundEndpoints {
  authorizeEndpoint?: string;
  tokenEndpoint?: string;
  revocationEndpoint?: string;
  introspectionEndpoint?: string;
  registrationEndpoint?: string;
  managementEndpoint?: string;
  jwksUri?: string;
  issuer?: string;
}

/**
 * What discovery found for a profile: endpoints and capabilities, where they came from, and the
 * conformance findings of `inspectDiscovery` on what was received.
 */
export interface DiscoveryResult {
  profileId: string;
  fhirBaseUrl: string;
  /** Which document supplied the endpoints; 'none' when neither was usable. */
  source: 'smart-configuration' | 'capability-statement' | 'none';
  fetchedAt: string;
  wellKnown: DiscoveryFetch;
  /** Present when the CapabilityStatement was fetched (fallback, or cross-check). */
  metadata?: DiscoveryFetch;
  endpoints: FoundEndpoints;
  capabilities: string[];
  grantTypes: string[];
  scopesSupported: string[];
  /** token_endpoint_auth_signing_alg_values_supported. */
  signingAlgs: string[];
  authMethods: string[];
  codeChallengeMethods: string[];
  /** The parsed smart-configuration document, when one was received. */
  document?: Record<string, unknown>;
  findings: Finding[];
  /** One line for the UI: what was found, or why nothing was. */
  summary: string;
  /** Set when `discovery:cancel` (or a cancelled token run) stopped it before the server answered. */
  cancelled?: true;
}

const byProfile = z.object({ profileId: z.string().min(1) });

/** SMART discovery: fetch and inspect, then (on the user's click) store the endpoints in the profile. */
export const discoveryMethods = {
  'discovery:run': method(byProfile).returns<DiscoveryResult>(),
  'discovery:apply': method(byProfile).returns<{ profile: Profile; result: DiscoveryResult }>(),
  /** Stops the profile's running discoveries (a stalled server); each then reports the problem "cancelled". */
  'discovery:cancel': method(byProfile).returns<{ profileId: string; cancelled: number }>(),
};
