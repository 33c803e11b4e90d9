/**
 * TODO face of app/conformance/discovery
 */
export { inspectDiscovery } from './inspect-discovery.ts';
export { readDocument } from './body.ts';
export { oauthUris } from './capability-statement.ts';
export { resolveAgainstBase } from './urls.ts';
