import { readDocument } from './body.ts';
import { resolveAgainstBase } from './urls.ts';
import { finding } from '../finding.ts';
import type { Finding } from '../types.ts';
import { isObject, show } from '../values.ts';

/**
 * SMART 1.0 discovery in the CapabilityStatement (rules 146-148): the `oauth-uris` extension,
 * its service coding, and its agreement with the well-known document.
 *
 * Still the only discovery some servers publish, so it is read as the fallback when the
 * well-known document is missing, and compared with it when both exist.
 * @see https://hl7.org/fhir/smart-app-launch/1.0.0/conformance/index.html
 */

/** The SMART 1.0 extension on `rest.security` that carries the OAuth endpoints. */
export const OAUTH_URIS = 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris';

/** oauth-uris sub-extension names and the well-known fields that carry the same endpoint. */
const PAIRS: readonly [string, string][] = [
  ['authorize', 'authorization_endpoint'],
  ['token', 'token_endpoint'],
  ['register', 'registration_endpoint'],
  ['manage', 'management_endpoint'],
  ['introspect', 'introspection_endpoint'],
  ['revoke', 'revocation_endpoint'],
];

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function securities(cs: Record<string, unknown>): Record<string, unknown>[] {
  return asArray(cs['rest']).filter(isObject).map((r) => r['security']).filter(isObject);
}

function hasSmartService(security: Record<string, unknown>): boolean {
  return asArray(security['service']).filter(isObject)
    .some((s) => asArray(s['coding']).filter(isObject).some((c) => c['code'] === 'SMART-on-FHIR'));
}

/** The endpoints of the oauth-uris extension, resolved against the FHIR base; undefined without the extension. */
export function oauthUris(cs: Record<string, unknown>, fhirBaseUrl: unknown): { uris: Record<string, string>; smartService: boolean } | undefined {
  for (const security of securities(cs)) {
    const ext = asArray(security['extension']).filter(isObject).find((e) => e['url'] === OAUTH_URIS);
    if (!ext) continue;
    const uris: Record<string, string> = {};
    for (const sub of asArray(ext['extension']).filter(isObject)) {
      const name = sub['url'];
      const value = sub['valueUri'] ?? sub['valueUrl'];
      if (typeof name === 'string' && typeof value === 'string' && value.trim() !== '') {
        uris[name] = resolveAgainstBase(value, fhirBaseUrl) ?? value;
      }
    }
    return { uris, smartService: securities(cs).some(hasSmartService) };
  }
  return undefined;
}

/** Rules 146-148; `wellKnown` is the parsed well-known document when one was served. */
export function capabilityStatementFindings(capabilityStatement: unknown, fhirBaseUrl: unknown, wellKnown?: Record<string, unknown>): Finding[] {
  if (capabilityStatement === undefined || capabilityStatement === null) return [];
  const read = readDocument({ body: capabilityStatement });
  const cs = read.doc;
  if (!cs) return [];
  const found = oauthUris(cs, fhirBaseUrl);
  if (!found) return [];
  const out: Finding[] = [];
  const listed = Object.entries(found.uris).map(([k, v]) => `${k}=${v}`).join(', ');
  const missing = ['authorize', 'token'].filter((k) => found.uris[k] === undefined);
  out.push(missing.length > 0
    ? finding('DISC-CS-OAUTH-URIS', `CapabilityStatement oauth-uris extension lacks ${missing.join(' and ')} (has: ${listed || 'nothing'})`, 'warning')
    : finding('DISC-CS-OAUTH-URIS', `CapabilityStatement declares SMART 1.0 oauth-uris: ${listed}`));
  if (!found.smartService) {
    out.push(finding('DISC-CS-SERVICE', 'the oauth-uris extension is present but no rest.security.service coding has code "SMART-on-FHIR"'));
  }
  if (wellKnown) {
    const diffs: string[] = [];
    for (const [sub, field] of PAIRS) {
      const csValue = found.uris[sub];
      const raw = wellKnown[field];
      const wkValue = typeof raw === 'string' && raw.trim() !== '' ? resolveAgainstBase(raw, fhirBaseUrl) ?? raw : undefined;
      if (csValue !== undefined && wkValue !== undefined && csValue !== wkValue) {
        diffs.push(`${sub}: CapabilityStatement ${show(csValue)} vs ${field} ${show(wkValue)}`);
      }
    }
    if (diffs.length > 0) out.push(finding('DISC-CS-MISMATCH', `the CapabilityStatement and .well-known disagree: ${diffs.join('; ')}`));
  }
  return out;
}
