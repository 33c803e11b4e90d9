/**
 * The shared scope grammar: one import for tokenizing, parsing and checking SMART scope strings.
 *
 * Token request (rules 49-66), authorize request (rules 153-159) and token response (rules 67-87)
 * checks all read scopes through these functions, so a scope means the same thing everywhere.
 */
export { tokenizeScopes, parseScope, parseScopeQuery, type ParsedScope, type Permission, type TokenizedScopes } from './parse.ts';
export { checkScopeString, type ScopeCheckContext } from './check.ts';
export { diagnoseScopeToken, type ScopeDiagnosis, type ScopeCategory } from './diagnose.ts';
export { compareScopeTokens, compareScopes, coveredBy, resourceScopes } from './compare.ts';
export { joinsScopes } from './diagnose.ts';
