import { checkScopeString } from './check.ts';
import { compareScopeTokens } from './outcomes.ts';
import { tokenizeScopes } from './parse.ts';
import type { CheckOptions, Finding, ScopeComparison } from '../types.ts';

/**
 * Requested-vs-granted scope comparison (Appendix A of conformance.md), the engine behind every
 * "what did the server actually give me" view and the `scopes-*` acceptance cases.
 */

/** Input of compareScopes: both strings exactly as typed/received, whitespace included. */
export interface CompareScopesInput {
  flow: 'app-launch-standalone' | 'app-launch-ehr' | 'backend';
  requested: string;
  granted: string;
}

/** Grammar rules that describe a scope string itself, whoever wrote it (Appendix A steps 1-2). */
const GRAMMAR_RULES = new Set([
  'SCOPE-SYNTAX', 'SCOPE-V2-ORDER', 'SCOPE-SEPARATOR', 'SCOPE-WHITESPACE', 'SCOPE-CASE', 'SCOPE-UNKNOWN-RESOURCE', 'SCOPE-DUPLICATE',
]);

function grantedGrammar(granted: string, flow: CompareScopesInput['flow']): Finding[] {
  return checkScopeString(granted, { flow })
    .filter((f) => GRAMMAR_RULES.has(f.rule))
    .map((f) => ({ ...f, message: `granted: ${f.message}` }));
}

/**
 * Compares a requested and a granted scope string.
 *
 * Findings: the SCOPE-* rules (102-118) for the requested string, the pure grammar rules
 * (102-108) for the granted string, then the step-6 findings (119-123). Never throws; a
 * non-string side is read as an empty scope.
 */
export function compareScopes(input: CompareScopesInput, _opts?: CheckOptions): ScopeComparison {
  const flow = input?.flow ?? 'app-launch-standalone';
  const requested = typeof input?.requested === 'string' ? input.requested : '';
  const granted = typeof input?.granted === 'string' ? input.granted : '';
  const result = compareScopeTokens(tokenizeScopes(requested).tokens, tokenizeScopes(granted).tokens);
  const grammar = [...checkScopeString(requested, { flow }), ...grantedGrammar(granted, flow)];
  return { ...result, findings: [...grammar, ...result.findings] };
}
