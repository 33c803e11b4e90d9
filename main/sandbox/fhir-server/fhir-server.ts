/**
 * The sandbox's FHIR R4 resource server: discovery documents, then every REST interaction
 * behind the bearer-token gate and scope enforcement, served by Medplum's FHIR router over its
 * in-memory repository.
 *
 * Why: the app's flows and tests need a real SMART resource server. Medplum does FHIR (search,
 * bundles, validation); this file maps HTTP to it and enforces what the token grants.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { authorizeFhirRequest, sendInsufficientScope, type AuthorizedRequest, type FhirAuthDeps } from './fhir-auth.ts';
import { applyTimingModes, findMode, type FailureMode } from '../failure-simulation/index.ts';
import { filterBundleEntries, finishSearchBundle, fhirQuery } from './fhir-bundle.ts';
import { BodyTooLargeError, FHIR_JSON, readBody, sendJson, sendOutcome } from '../http-util.ts';
import { getSearchParameter, getStatus, type FhirRouter, type FhirResponse, type HttpMethod, type MemoryRepository } from './medplum.ts';
import { compartmentParam, decideAccess, filterSearchParams, resourceMatchesAny } from './scopes-enforcement.ts';
import type { ScopeInteraction } from '../scopes.ts';
import { capabilityStatement, smartConfiguration, type SandboxEndpoints } from '../authorization-server/index.ts';

/** What the FHIR server needs. */
export interface FhirServerDeps extends FhirAuthDeps {
  endpoints: SandboxEndpoints;
  repo: MemoryRepository;
  router: FhirRouter;
  bulk: BulkExports;
  software: { name: string; version: string };
}

/** Where a `$export` kick-off goes: the bulk-export service, which depends on this server, not the other way round. */
export interface BulkExports {
  kickoff(c: FhirCall, target: ExportTarget): Promise<void>;
}

/** The level a `$export` was asked at (FHIR Bulk Data: system, Patient or Group). */
export interface ExportTarget {
  level: 'system' | 'patient' | 'group';
  groupId?: string;
}

/** One authorized FHIR request being served (also handed to the bulk-export kick-off). */
export interface FhirCall {
  deps: FhirServerDeps;
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  auth: AuthorizedRequest;
}

async function medplum(deps: FhirServerDeps, method: HttpMethod, path: string, query?: URLSearchParams, body?: unknown): Promise<FhirResponse> {
  const qs = query && [...query.keys()].length ? `?${query}` : '';
  return deps.router.handleRequest({ method, url: `${path}${qs}`, pathname: '', params: {}, query: {}, body, headers: {} }, deps.repo);
}

function send(res: ServerResponse, response: FhirResponse, fhirBaseUrl: string): void {
  const [outcome, resource] = response;
  const status = getStatus(outcome);
  const headers: Record<string, string> = {};
  if (resource?.meta?.versionId) headers.etag = `W/"${resource.meta.versionId}"`;
  if (resource?.meta?.lastUpdated) headers['last-modified'] = new Date(resource.meta.lastUpdated).toUTCString();
  if (status === 201 && resource?.id) headers.location = `${fhirBaseUrl}/${resource.resourceType}/${resource.id}/_history/${resource.meta?.versionId ?? '1'}`;
  sendJson(res, status, resource ?? outcome, headers, FHIR_JSON);
}

function deny(c: FhirCall, type: string, interaction: ScopeInteraction): boolean {
  const decision = decideAccess(c.auth.grant, type, interaction);
  if (decision.allowed) return false;
  sendInsufficientScope(c.res, c.deps.verifier, decision.reason, decision.neededScope);
  return true;
}

function visibleTo(c: FhirCall, resource: Resource, interaction: ScopeInteraction): boolean {
  const decision = decideAccess(c.auth.grant, resource.resourceType, interaction);
  return decision.allowed && (decision.unrestricted || resourceMatchesAny(resource, decision.filters));
}

async function readJsonBody(c: FhirCall): Promise<Resource | undefined> {
  const type = c.req.headers['content-type'] ?? '';
  if (!/^application\/(fhir\+)?json\b/i.test(type)) {
    sendOutcome(c.res, 415, 'not-supported', 'send the resource as application/fhir+json');
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse((await readBody(c.req)).toString('utf8'));
    if (parsed && typeof parsed === 'object' && typeof (parsed as Resource).resourceType === 'string') return parsed as Resource;
    sendOutcome(c.res, 400, 'structure', 'the body is not a FHIR resource (no resourceType)');
  } catch (err) {
    if (err instanceof BodyTooLargeError) sendOutcome(c.res, 413, 'too-costly', err.message);
    else sendOutcome(c.res, 400, 'structure', 'the body is not valid JSON');
  }
  return undefined;
}

/** Why a search query cannot run (unknown parameter, bad paging value), or undefined. */
function searchQueryProblem(type: string, query: URLSearchParams): string | undefined {
  for (const [key, value] of query) {
    if ((key === '_count' || key === '_offset') && !/^\d+$/.test(value)) return `${key} must be a non-negative integer, got "${value}"`;
    const code = key.split(':')[0]?.split('.')[0] ?? '';
    if (!code.startsWith('_') && !getSearchParameter(type, code)) {
      return `unknown search parameter "${code}" for ${type} (Medplum would silently match nothing)`;
    }
  }
  return undefined;
}

async function search(c: FhirCall, type: string, query: URLSearchParams, pagePath: string): Promise<void> {
  if (deny(c, type, 's')) return;
  const problem = searchQueryProblem(type, query);
  if (problem) return sendOutcome(c.res, 400, 'not-supported', problem);
  const decision = decideAccess(c.auth.grant, type, 's');
  const effective = new URLSearchParams(query);
  if (decision.allowed && !decision.unrestricted && decision.filters.length === 1 && decision.filters[0]) {
    for (const [k, v] of filterSearchParams(type, decision.filters[0])) effective.append(k, v);
  }
  const response = await medplum(c.deps, 'GET', `/${type}`, effective);
  const [outcome, resource] = response;
  if (!resource || resource.resourceType !== 'Bundle') return send(c.res, response, c.deps.endpoints.fhirBaseUrl);
  const filtered = filterBundleEntries(resource as Bundle, (r, mode) => visibleTo(c, r, mode === 'include' ? 'r' : 's'));
  const pageUrl = new URL(`${c.deps.endpoints.fhirBaseUrl}${pagePath}${[...query.keys()].length ? `?${query}` : ''}`);
  sendJson(c.res, getStatus(outcome), finishSearchBundle(filtered, pageUrl, c.deps.endpoints.fhirBaseUrl), {}, FHIR_JSON);
}

async function instance(c: FhirCall, type: string, id: string, rest: string[]): Promise<void> {
  const method = c.req.method ?? 'GET';
  const base = c.deps.endpoints.fhirBaseUrl;
  if (method === 'GET') {
    if (rest.length > 0 && rest[0] !== '_history') {
      // Compartment search: GET Patient/[id]/[type]
      const target = rest[0] ?? '';
      if (type !== 'Patient' || rest.length !== 1 || !c.deps.isResourceType(target) || !compartmentParam(target)) {
        return sendOutcome(c.res, 404, 'not-found', `unsupported path ${c.url.pathname}`);
      }
      const query = fhirQuery(c.url);
      query.append(compartmentParam(target) ?? 'patient', target === 'Patient' ? id : `Patient/${id}`);
      return search(c, target, query, `/${type}/${id}/${target}`);
    }
    if (deny(c, type, 'r')) return;
    const current = await medplum(c.deps, 'GET', `/${type}/${id}`);
    if (current[1] && !visibleTo(c, current[1], 'r')) {
      return sendInsufficientScope(c.res, c.deps.verifier, `${type}/${id} is outside the patient compartment this token is confined to`);
    }
    if (rest.length === 0) return send(c.res, current, base);
    return send(c.res, await medplum(c.deps, 'GET', `/${type}/${id}/${rest.join('/')}`), base);
  }
  if (rest.length > 0) return sendOutcome(c.res, 405, 'not-supported', `${method} is not supported on ${c.url.pathname}`);
  const interaction: ScopeInteraction = method === 'DELETE' ? 'd' : 'u';
  if (!['PUT', 'PATCH', 'DELETE'].includes(method)) return sendOutcome(c.res, 405, 'not-supported', `${method} is not supported on ${c.url.pathname}`);
  if (deny(c, type, interaction)) return;
  const existing = await medplum(c.deps, 'GET', `/${type}/${id}`);
  if (existing[1] && !visibleTo(c, existing[1], interaction)) {
    return sendInsufficientScope(c.res, c.deps.verifier, `${type}/${id} is outside the patient compartment this token is confined to`);
  }
  if (method === 'DELETE') return send(c.res, await medplum(c.deps, 'DELETE', `/${type}/${id}`), base);
  if (method === 'PATCH') return sendOutcome(c.res, 405, 'not-supported', 'PATCH is not supported by the sandbox; use PUT');
  const body = await readJsonBody(c);
  if (!body) return;
  if (!visibleTo(c, body, 'u')) return sendInsufficientScope(c.res, c.deps.verifier, 'the updated resource would fall outside what this token may write');
  send(c.res, await medplum(c.deps, 'PUT', `/${type}/${id}`, undefined, body), base);
}

async function route(c: FhirCall, segments: string[]): Promise<void> {
  const method = c.req.method ?? 'GET';
  const [first = '', second, ...rest] = segments;
  if (first === '$export' && segments.length === 1) return c.deps.bulk.kickoff(c, { level: 'system' });
  if (first === 'Patient' && second === '$export' && rest.length === 0) return c.deps.bulk.kickoff(c, { level: 'patient' });
  if (first === 'Group' && second && rest[0] === '$export' && rest.length === 1) return c.deps.bulk.kickoff(c, { level: 'group', groupId: second });
  if (!first) return sendOutcome(c.res, 400, 'not-supported', 'system-level search and batch/transaction are not supported by the sandbox');
  if (!c.deps.isResourceType(first)) return sendOutcome(c.res, 404, 'not-found', `unknown resource type "${first}"`);
  if (second === undefined) {
    if (method === 'GET') return search(c, first, fhirQuery(c.url), `/${first}`);
    if (method !== 'POST') return sendOutcome(c.res, 405, 'not-supported', `${method} on a resource type is not supported`);
    if (deny(c, first, 'c')) return;
    const body = await readJsonBody(c);
    if (!body) return;
    if (body.resourceType !== first) return sendOutcome(c.res, 400, 'invalid', `resourceType must be ${first}`);
    if (!visibleTo(c, body, 'c')) return sendInsufficientScope(c.res, c.deps.verifier, 'the new resource would fall outside what this token may write');
    return send(c.res, await medplum(c.deps, 'POST', `/${first}`, undefined, body), c.deps.endpoints.fhirBaseUrl);
  }
  if (second === '_search' && rest.length === 0 && method === 'POST') {
    const form = new URLSearchParams((await readBody(c.req, 64 * 1024)).toString('utf8'));
    const query = fhirQuery(c.url);
    for (const [k, v] of form) query.append(k, v);
    return search(c, first, query, `/${first}`);
  }
  return instance(c, first, second, rest);
}

/** Serve one request under the FHIR base path (discovery, metadata, REST, bulk kick-off). */
export async function handleFhirRequest(
  deps: FhirServerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  requestModes: readonly FailureMode[],
): Promise<void> {
  const basePath = new URL(deps.endpoints.fhirBaseUrl).pathname;
  const relative = url.pathname.slice(basePath.length);
  if (relative === '/.well-known/smart-configuration' || relative === '/metadata') {
    await applyTimingModes(res, requestModes);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendOutcome(res, 405, 'not-supported', 'use GET');
    if (relative === '/metadata') {
      const cs = capabilityStatement(deps.endpoints, deps.software, { oauthUris: !findMode(requestModes, 'no-oauth-uris') });
      return sendJson(res, 200, cs, {}, FHIR_JSON);
    }
    if (findMode(requestModes, 'no-smart-configuration')) return sendOutcome(res, 404, 'not-found', 'this server publishes no SMART configuration (sandbox failure mode no-smart-configuration)');
    return sendJson(res, 200, smartConfiguration(deps.endpoints), { 'cache-control': 'no-cache' });
  }
  const auth = await authorizeFhirRequest(deps, req, res, requestModes);
  if (!auth) return;
  let segments: string[];
  try {
    segments = relative.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
  } catch {
    return sendOutcome(res, 400, 'invalid', 'the request path is not valid percent-encoding');
  }
  await route({ deps, req, res, url, auth }, segments);
}
