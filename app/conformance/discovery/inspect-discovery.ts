import { authFindings } from './auth.ts';
import { readDocument } from './body.ts';
import { capabilityStatementFindings } from './capability-statement.ts';
import { fieldFindings } from './fields.ts';
import { urlFindings } from './urls.ts';
import { discoveryView } from './view.ts';
import { finding } from '../finding.ts';
import type { CheckOptions, Finding } from '../types.ts';
import { header, isObject, show } from '../values.ts';

/**
 * SMART discovery inspector (rules 124-148): the `.well-known/smart-configuration` response,
 * with the SMART 1.0 CapabilityStatement as fallback and cross-check.
 *
 * Discovery is the first thing every flow reads; a wrong path, content type or missing field
 * here explains most later failures, so the inspector reports them all in one pass.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/conformance.html
 */

/** Input of inspectDiscovery (conformance-api.md). */
export interface DiscoveryInput {
  fhirBaseUrl?: unknown;
  requestUrl?: unknown;
  status?: unknown;
  headers?: unknown;
  body?: unknown;
  rawBody?: unknown;
  /** Body of `[base]/metadata`, parsed or raw. */
  capabilityStatement?: unknown;
}

const WELL_KNOWN = '/.well-known/smart-configuration';

function normalizeUrl(u: string): string {
  try {
    return new URL(u).href;
  } catch {
    return u;
  }
}

/** DISC-FETCH-PATH: the document must come from `{base without trailing slash}/.well-known/smart-configuration`. */
function fetchPathFindings(fhirBaseUrl: unknown, requestUrl: unknown): Finding[] {
  if (typeof fhirBaseUrl !== 'string' || fhirBaseUrl === '' || typeof requestUrl !== 'string' || requestUrl === '') return [];
  const expected = `${fhirBaseUrl.replace(/\/+$/, '')}${WELL_KNOWN}`;
  if (requestUrl === expected || normalizeUrl(requestUrl) === normalizeUrl(expected)) return [];
  const what = requestUrl.includes('openid-configuration') ? ' (the OpenID configuration is a different document)' : '';
  return [finding('DISC-FETCH-PATH', `discovery was fetched from ${show(requestUrl)} instead of ${show(expected)}${what}`)];
}

function statusOf(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\d{3}$/.test(v.trim())) return Number(v.trim());
  return undefined;
}

/** Inspects a discovery response (and optionally the CapabilityStatement); never throws. */
export function inspectDiscovery(input: DiscoveryInput, _opts?: CheckOptions): Finding[] {
  const src = (isObject(input) ? input : {}) as DiscoveryInput;
  const out: Finding[] = [...fetchPathFindings(src.fhirBaseUrl, src.requestUrl)];
  const status = statusOf(src.status);
  const noBody = src.body === undefined && src.rawBody === undefined;

  if ((status !== undefined && status !== 200) || (status === undefined && noBody)) {
    out.push(finding('DISC-NOT-FOUND', status !== undefined
      ? `the discovery request returned HTTP ${status}, not 200`
      : `no discovery response was received (status ${show(src.status)})`));
    out.push(...capabilityStatementFindings(src.capabilityStatement, src.fhirBaseUrl));
    return out;
  }

  const contentType = header(src.headers, 'content-type');
  if (contentType === undefined || !contentType.trim().toLowerCase().startsWith('application/json')) {
    out.push(finding('DISC-CONTENT-TYPE', contentType === undefined
      ? 'the response has no Content-Type header; it must be application/json'
      : `Content-Type is ${show(contentType)}; it must be application/json`));
  }

  const read = readDocument(src);
  let doc: Record<string, unknown> | undefined;
  if (read.kind === 'object') {
    doc = read.doc;
  } else {
    out.push(finding('DISC-NOT-JSON', `the discovery document is not a JSON object: ${read.problem}`));
    doc = read.doc;
  }
  if (doc) {
    const view = discoveryView(doc);
    out.push(...fieldFindings(view), ...urlFindings(doc, src.fhirBaseUrl), ...authFindings(view));
  }
  out.push(...capabilityStatementFindings(src.capabilityStatement, src.fhirBaseUrl, doc));
  return out;
}
