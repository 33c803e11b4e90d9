import { type CheckOptions, type Finding } from '../../conformance/index.ts';
import { isSuccess, type ReadExchange, type ReceivedResponse } from '../exchange.ts';
import { endpointNotFound, explained, notJson, saidTail, serverSaid } from '../explanations.ts';
import { type Analysis, type Candidate } from '../rank.ts';
import { analyseRefusal } from './resource.ts';
import { transportAnalysis } from './shared.ts';

/**
 * Dynamic client registration: RFC 7591 (JSON metadata in, client_id out) and the SMART
 * bulk-data reference server's form style (jwks or jwks_url in, client_id as text out).
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3.2.2
 */

/** What the registration request asked for, for the causes. */
function requested(x: ReadExchange): Record<string, unknown> {
  try {
    const json: unknown = JSON.parse(x.request.body);
    if (json && typeof json === 'object' && !Array.isArray(json)) return json as Record<string, unknown>;
  } catch { /* a form-style registration */ }
  return { ...x.request.params };
}

function metadataCauses(meta: Record<string, unknown>, words: string): string[] {
  const causes: string[] = [];
  const both = meta['jwks'] !== undefined && (meta['jwks_uri'] !== undefined || meta['jwks_url'] !== undefined);
  if (both) causes.push('both jwks and jwks_uri were sent: send exactly one');
  if (/jwks|key/.test(words) || (!meta['jwks'] && !meta['jwks_uri'] && !meta['jwks_url'])) causes.push('the key set is missing, unreadable, or at a jwks_uri the server cannot fetch (it must be public, and usually https)');
  if (/auth.?method|token_endpoint_auth/.test(words) || meta['token_endpoint_auth_method'] !== undefined) causes.push(`token_endpoint_auth_method ${JSON.stringify(meta['token_endpoint_auth_method'] ?? '(absent)')} is not one the server supports (compare token_endpoint_auth_methods_supported)`);
  if (/grant|response.?type/.test(words) || meta['grant_types'] !== undefined) causes.push(`grant_types ${JSON.stringify(meta['grant_types'] ?? '(absent)')} and response_types do not fit together or are not allowed (client_credentials needs response_types [])`);
  if (/alg/.test(words)) causes.push('the signing algorithm (token_endpoint_auth_signing_alg) is refused by the server');
  causes.push('another metadata value the server refuses: the error_description names the field');
  return [...new Set(causes)];
}

function codeFinding(x: ReadExchange, res: ReceivedResponse): Finding {
  const code = res.error?.code ?? '';
  const words = `${code} ${res.words}`;
  if (code === 'invalid_redirect_uri' || (!code && /redirect/.test(words))) {
    return explained('ERR-INVALID-REDIRECT-URI', `the registration endpoint answered ${serverSaid(res)}`, 'A redirect URI was refused at registration (invalid_redirect_uri).',
      ['http is only allowed for loopback redirects of native apps (http://127.0.0.1:<port>/...); other redirect URIs must be https',
        'localhost, fragments (#...), wildcards or custom schemes are refused by this server', 'the redirect URI does not belong to the client\'s registered domain (sector identifier)'], saidTail(res));
  }
  return explained('ERR-INVALID-CLIENT-METADATA', `the registration endpoint answered ${serverSaid(res)}`,
    `The registration request's metadata was refused${code && code !== 'invalid_client_metadata' ? ` (${code}, read as invalid_client_metadata)` : ' (invalid_client_metadata)'}.`,
    metadataCauses(requested(x), words), saidTail(res));
}

/** Analyses a registration exchange. */
export function analyseRegistration(x: ReadExchange, opts?: CheckOptions): Analysis {
  const res = x.response;
  if (!res) return transportAnalysis(x, []);
  if (isSuccess(res.status) && !res.error) {
    const clientId = res.json?.['client_id'] ?? (res.shape === 'text' ? res.body.trim() : undefined);
    if (typeof clientId === 'string' && clientId !== '') return { outcome: 'ok', candidates: [] };
    return { outcome: 'failed', candidates: [{ finding: notJson('registration', x.request.path, res), tier: 'wrong-url' }] };
  }
  const candidates: Candidate[] = [];
  if (res.status === 404 || res.status === 405) return { outcome: 'failed', candidates: [{ finding: endpointNotFound('registration', x.request.path, res, x.request.method), tier: 'wrong-url' }] };
  // Registration behind an initial access token: a refusal of the Bearer token, read like a resource server's.
  if ((res.status === 401 || res.status === 403) && !['invalid_client_metadata', 'invalid_redirect_uri', 'invalid_software_statement', 'unapproved_software_statement'].includes(res.error?.code ?? '')) {
    return analyseRefusal(x, [], opts);
  }
  if (res.shape === 'html') candidates.push({ finding: notJson('registration', x.request.path, res), tier: 'wrong-url' });
  candidates.push({ finding: codeFinding(x, res), tier: 'code' });
  return { outcome: 'failed', candidates };
}
