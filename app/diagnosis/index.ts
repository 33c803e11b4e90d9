/**
 * Diagnosis (diagnosis-api.md): `diagnose(exchange)` answers, for any exchange the app made (or
 * one recorded elsewhere), the one likeliest reason it failed and the ranked causes after it.
 *
 * The only place that ranks: token runs, the console, the bulk runner, the inspectors, the
 * activity log and the command line all show its headline.
 */
export { diagnose } from './diagnose.ts';
export { networkRule } from './network.ts';
export { ENDPOINTS, type ClientAuth, type ClientType, type Diagnosis, type Endpoint, type ExchangeInput, type Flow, type JwkSet } from './types.ts';
