import { finding, type CheckOptions } from '../conformance/index.ts';
import { analyseAuthorize, analyseBulk, analyseDiscovery, analyseFhir, analyseJwks, analyseProtected, analyseRegistration, analyseToken } from './endpoints/index.ts';
import { readExchange, text, type ReadExchange } from './exchange.ts';
import { type Analysis, rankAnalysis } from './rank.ts';
import { ENDPOINTS, type Diagnosis, type ExchangeInput } from './types.ts';

/**
 * diagnose(exchange): the one ranked diagnosis of one exchange (diagnosis-api.md).
 *
 * Reads the exchange once, lets the endpoint's analysis run the conformance engine on what was
 * sent and what came back, and ranks every finding by the principles of the spec: transport
 * before protocol, the server's own words first, the most specific consistent cause ahead of the
 * generic explanation of a code, nothing blamed that was not sent. It is the only place that
 * ranks; every surface of the app (and the command line) shows its headline.
 */

function analyse(x: ReadExchange, opts?: CheckOptions): Analysis | Promise<Analysis> {
  switch (x.input.endpoint) {
    case 'token': return analyseToken(x, opts);
    case 'introspection':
    case 'revocation': return analyseProtected(x, opts);
    case 'registration': return analyseRegistration(x, opts);
    case 'authorize': return analyseAuthorize(x, opts);
    case 'discovery': return analyseDiscovery(x, opts);
    case 'jwks': return analyseJwks(x, opts);
    case 'fhir': return analyseFhir(x, opts);
    case 'bulk-kickoff':
    case 'bulk-status':
    case 'bulk-file': return analyseBulk(x, opts);
  }
}

/** Why an input cannot be diagnosed at all, or undefined when it can. */
function unusable(input: unknown): string | undefined {
  if (!input || typeof input !== 'object') return `the exchange is ${input === null ? 'null' : typeof input}, not an object`;
  const i = input as Partial<ExchangeInput>;
  if (!ENDPOINTS.includes(i.endpoint as never)) return `unknown endpoint ${JSON.stringify(i.endpoint)} (one of ${ENDPOINTS.join(', ')})`;
  if (!i.request || typeof i.request !== 'object' || typeof i.request.url !== 'string') return 'the exchange has no request with a URL';
  return undefined;
}

const incomplete = (why: string): Diagnosis => {
  const f = finding('DIAG-INCOMPLETE-EXCHANGE', why);
  return { outcome: 'failed', headline: f, causes: [f], findings: [f] };
};

/** Diagnoses one exchange; never throws and never fetches: malformed input is a finding. */
export async function diagnose(input: ExchangeInput, opts?: CheckOptions): Promise<Diagnosis> {
  const why = unusable(input);
  if (why) return incomplete(why);
  try {
    return rankAnalysis(await analyse(readExchange(input), opts));
  } catch (e) {
    return incomplete(`the exchange could not be diagnosed: ${e instanceof Error ? e.message : text(e)}`);
  }
}
