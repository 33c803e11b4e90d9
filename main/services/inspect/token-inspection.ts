import type { z } from 'zod';
import type { InspectTokenInput, SignatureCheck, TokenInspection } from '../../../app/contract/index.ts';
import { inspectAccessToken, inspectIdToken, type Finding } from '../../../app/conformance/index.ts';
import type { Profile } from '../../../app/profiles/index.ts';
import type { HttpClient } from '../../http/index.ts';
import { fetchJwks, loadPastedJwks, type LoadedJwks } from './jwks-loader.ts';
import type { Discoverer, ProfileSource } from './ports.ts';
import { serverFacts, type ServerFacts } from './server-facts.ts';
import { checkJwtSignature } from './signature-check.ts';
import { cleanToken, guessTokenKind, tokenShape } from './token-kind.ts';

/**
 * `inspect:token`: an access, ID or refresh token decoded and checked against the profile's
 * server: signature with the server's JWKS, expiry, audience vs the FHIR base, and what an
 * opaque or encrypted token means for a client.
 */

/** What the token inspection needs. */
export interface TokenDeps {
  http: HttpClient;
  profiles: ProfileSource;
  discoverer: Discoverer;
  now(): number;
}

/** Parses the optional token response text; a bad paste becomes a note. */
export function parseTokenResponse(text: string | undefined, notes: string[]): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
    notes.push('The token response is not a JSON object, so it was ignored.');
  } catch {
    notes.push('The token response is not valid JSON, so it was ignored.');
  }
  return undefined;
}

/** What an opaque or encrypted token means for the client holding it. */
export function formatExplanation(kind: TokenInspection['kind'], format: 'jwe' | 'opaque', why: string): string {
  if (format === 'jwe') {
    return 'This is an encrypted JWT (JWE, five parts): only the server holding the decryption key can read it. To your app it is as opaque as a random string; read expiry and scope from the token response.';
  }
  const what = `This token is opaque: ${why}, so a client cannot read anything from it.`;
  if (kind === 'refresh') return `${what} That is normal for refresh tokens: only the authorization server reads them. Send it to the token endpoint, never to the FHIR server.`;
  return `${what} SMART lets servers choose the format, so this is allowed: treat the token as a string, take expiry and scope from the token response, and ask the server (introspection) when you need to know more.`;
}

function serverJwksMissing(profile: Profile | undefined, facts: ServerFacts | undefined): string {
  if (!profile) return "choose a profile (main fetches its server's jwks_uri) or paste the server's JWKS.";
  return `the server advertises no jwks_uri${facts?.discoveryProblem ? ` (${facts.discoveryProblem})` : ''}; paste the server's JWKS to verify.`;
}

/** Runs the token inspection. */
export async function runTokenInspection(deps: TokenDeps, input: z.output<typeof InspectTokenInput>): Promise<TokenInspection> {
  const notes: string[] = [];
  const token = cleanToken(input.token);
  const profile = input.profileId ? await deps.profiles.get(input.profileId) : undefined;
  const shape = tokenShape(token);
  const kind = input.kind === 'auto' ? guessTokenKind(shape, profile?.clientId) : input.kind;
  const tokenResponse = parseTokenResponse(input.tokenResponse, notes);
  const now = Math.floor(deps.now() / 1000);

  let facts: ServerFacts | undefined;
  if (profile) facts = await serverFacts(profile, deps.discoverer, shape.format === 'jwt' && !input.jwks ? 'jwksUri' : 'introspectionEndpoint');

  let loaded: LoadedJwks | undefined;
  let signature: SignatureCheck;
  if (shape.format === 'jwt') {
    if (input.jwks) loaded = await loadPastedJwks(input.jwks);
    else if (facts?.jwksUri) loaded = await fetchJwks(deps.http, { url: facts.jwksUri, kind: 'server', profileId: profile?.id });
    signature = await checkJwtSignature(token, shape.jws, loaded, serverJwksMissing(profile, facts));
  } else {
    signature = { status: 'not-checked', message: shape.format === 'jwe' ? 'Encrypted: a client cannot check it.' : 'An opaque token carries no signature a client can check; introspection asks the server instead.' };
  }

  const fhirBaseUrl = profile?.fhirBaseUrl;
  const clientId = profile?.clientId || undefined;
  const engineInput = {
    token, clientId: clientId ?? '', fhirBaseUrl: fhirBaseUrl ?? '', issuer: facts?.issuer, serverJwks: loaded?.jwks,
    serverJwksUri: facts?.jwksUri, tokenResponse,
  };
  let findings: Finding[] = [];
  if (kind === 'access') {
    findings = await inspectAccessToken(engineInput, { now });
    if (!fhirBaseUrl && findings.some((f) => f.rule === 'AT-JWT-AUD')) {
      findings = findings.filter((f) => f.rule !== 'AT-JWT-AUD');
      notes.push('The audience was not checked: choose a profile so aud can be compared with its FHIR base URL.');
    }
  } else if (kind === 'id') {
    findings = await inspectIdToken(engineInput, { now });
    if (!clientId) {
      findings = findings.filter((f) => f.rule !== 'IDT-AUD');
      notes.push('The audience was not checked: choose a profile so aud can be compared with its client id.');
    }
  } else if (shape.format === 'jwt') {
    const exp = shape.jws.payload['exp'];
    if (typeof exp === 'number' && exp <= now) notes.push(`This refresh token's exp (${new Date(exp * 1000).toISOString()}) has passed: the server will answer invalid_grant.`);
    notes.push('A readable refresh token is unusual but allowed; its claims are the server\'s own. Send it only to the token endpoint.');
  }
  if (kind === 'id' && shape.format === 'jwt' && !loaded?.jwks) notes.push('An ID token must be signature-checked before a client trusts its claims; without the server JWKS only the claims were checked.');

  const result: TokenInspection = { kind, format: shape.format, findings, signature, context: {}, notes };
  if (shape.format !== 'jwt') result.formatExplanation = formatExplanation(kind, shape.format, shape.format === 'opaque' ? shape.why : '');
  if (fhirBaseUrl) result.context.fhirBaseUrl = fhirBaseUrl;
  if (clientId) result.context.clientId = clientId;
  if (facts?.issuer) result.context.issuer = facts.issuer;
  if (profile) result.context.profileName = profile.name;
  if (facts?.introspectionEndpoint) result.introspectionEndpoint = facts.introspectionEndpoint;
  if (loaded) result.jwks = loaded.origin;
  return result;
}
