import { finding, RULES, type Finding, type RuleId } from '../conformance/index.ts';
import type { ReceivedResponse } from './exchange.ts';
import type { Endpoint } from './types.ts';

/**
 * Findings whose explanation names the endpoint: the error codes of introspection, revocation,
 * registration, bulk and resource answers, and the wrong-URL rules, each with the causes that
 * can apply to this endpoint and this client (principle 4), likeliest first.
 */

/** Words for each endpoint in messages and explanations. */
export const ENDPOINT_WORDS: Record<Endpoint, string> = {
  discovery: 'discovery document', registration: 'registration endpoint', authorize: 'authorize endpoint', token: 'token endpoint',
  introspection: 'introspection endpoint', revocation: 'revocation endpoint', fhir: 'FHIR server', 'bulk-kickoff': 'bulk export kick-off',
  'bulk-status': 'bulk export status endpoint', 'bulk-file': 'bulk export file download', jwks: 'JWKS endpoint',
};

/** A short rendering of what the server said, for messages: `error "x" (HTTP 401): "description"`. */
export function serverSaid(res: ReceivedResponse): string {
  const code = res.error ? `error "${res.error.code}"` : `HTTP ${res.status}`;
  const status = res.error ? ` (HTTP ${res.status})` : '';
  const text = res.error?.description ?? res.outcome?.join('; ') ?? (res.shape === 'text' ? res.body.trim() : undefined);
  const said = text ? `: ${JSON.stringify(text.length > 140 ? `${text.slice(0, 139)}…` : text)}` : '';
  return `${code}${status}${said}`;
}

/** An explanation in the engine's layout: the headline, the causes (numbered), then what the code means. */
export function layout(headline: string, causes: string[], tail: (string | undefined)[] = []): string {
  const lines = [headline];
  if (causes.length > 0) {
    lines.push('Likely causes, most likely first:');
    causes.forEach((c, i) => lines.push(`${i + 1}. ${c}`));
  }
  for (const t of tail) if (t) lines.push(t);
  return lines.join('\n');
}

/** A registry finding with an explanation written for this exchange (the registry's text kept when it has one). */
export function explained(rule: RuleId, message: string, headline: string, causes: string[], tail: (string | undefined)[] = []): Finding {
  const registry = RULES[rule].explanation;
  return { ...finding(rule, message), explanation: layout(headline, causes, [...tail, registry ? `In general: ${registry}` : undefined]) };
}

/** The server's words and its error_uri, for an explanation's tail. */
export function saidTail(res: ReceivedResponse): (string | undefined)[] {
  const text = res.error?.description ?? res.outcome?.join('; ');
  return [text ? `The server said: ${JSON.stringify(text)}` : undefined, res.error?.uri ? `More information: ${res.error.uri}` : undefined];
}

/** ERR-ENDPOINT-NOT-FOUND for a 404/405 at any endpoint. */
export function endpointNotFound(endpoint: Endpoint, url: string, res: ReceivedResponse, method: string): Finding {
  const what = ENDPOINT_WORDS[endpoint];
  if (res.status === 405) {
    return explained('ERR-ENDPOINT-NOT-FOUND', `the ${what} answered HTTP 405 Method Not Allowed to ${method} ${url}`,
      `The ${what} at this URL does not accept ${method}.`,
      [endpoint === 'token' || endpoint === 'introspection' || endpoint === 'revocation' ? `${endpoint} requests are POST with a form body; this one was ${method}` : `the path exists but wants another method (${res.headers['allow'] ? `Allow: ${res.headers['allow']}` : 'see the server\'s documentation'})`,
        'the URL points at another resource than the intended endpoint (copy it from discovery)'], saidTail(res));
  }
  const resource = endpoint === 'fhir' && res.outcome !== undefined;
  const causes = endpoint === 'fhir'
    ? [resource ? 'the resource does not exist on this server (wrong id, or it was deleted), or the resource type is not supported here' : 'the FHIR base URL is wrong: check the version segment (/r4, /R4, /api/FHIR/R4) and any tenant segment',
      'the FHIR base URL is wrong: check the version segment (/r4, /R4, /api/FHIR/R4) and any tenant segment',
      'the path after the base is misspelled (resource types are case-sensitive: Patient, not patient)']
    : endpoint === 'bulk-status' || endpoint === 'bulk-file'
      ? ['the export was deleted or expired on the server (servers keep results for a limited time)', 'the status or file URL was altered (a proxy rewrote it)']
      : endpoint === 'discovery'
        ? ['the FHIR base URL (or issuer) is wrong: a missing tenant or version segment, or an extra /metadata', 'the server publishes another discovery document (openid-configuration or oauth-authorization-server instead of smart-configuration, or the reverse)']
        : [`the ${what} URL was guessed or typed by hand instead of taken from discovery`, 'a tenant, realm or version segment is missing from the path (Keycloak: /realms/<realm>/protocol/openid-connect/token)', 'a trailing slash, or http instead of https, leads to another route'];
  return explained('ERR-ENDPOINT-NOT-FOUND', `the ${what} answered HTTP ${res.status === 410 ? '410 Gone' : '404 Not Found'} for ${method} ${url}${res.outcome?.length ? `: ${JSON.stringify(res.outcome.join('; ').slice(0, 120))}` : ''}`,
    `Nothing at ${url} handles this request: the URL is wrong, not the credentials.`, [...new Set(causes)], saidTail(res));
}

/** ERR-NOT-JSON for an HTML (or plain text) page where an OAuth or FHIR answer was expected. */
export function notJson(endpoint: Endpoint, url: string, res: ReceivedResponse): Finding {
  const what = ENDPOINT_WORDS[endpoint];
  const page = res.shape === 'html' ? 'an HTML page' : res.shape === 'empty' ? 'an empty body' : 'plain text';
  const s = res.status;
  const causes = [
    s === 200 || s === 302 ? 'a login page or a portal answered instead of the API (a browser-style sign-in in front of it)' : undefined,
    `the URL is wrong (a guessed path instead of the ${what} from discovery), so a web server or gateway answered`,
    s === 401 || s === 403 ? 'a gateway, WAF or load balancer blocked the request (IP allow-list, mutual TLS, a missing API key)' : undefined,
    s >= 500 ? 'the server behind the gateway failed or is down; retry later' : undefined,
  ].filter((c): c is string => !!c);
  const text = res.shape === 'html' ? res.words : res.body.trim();
  return explained('ERR-NOT-JSON', `the ${what} answered HTTP ${s} with ${page}, not JSON${text ? `: ${JSON.stringify(text.slice(0, 100))}` : ''}`,
    `An OAuth or FHIR ${what} answers JSON; ${page} means something else answered at ${url}.`, causes);
}
