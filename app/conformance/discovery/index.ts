/**
 * The discovery inspector (rules 124-148): `.well-known/smart-configuration` and the
 * CapabilityStatement fallback, plus the readers the discovery service shares with it.
 */
export { inspectDiscovery } from './inspect-discovery.ts';
export { readDocument } from './body.ts';
export { oauthUris } from './capability-statement.ts';
export { resolveAgainstBase } from './urls.ts';
