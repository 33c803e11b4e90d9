/**
 * The names of every contract method and event, with no schemas attached.
 *
 * The sandboxed preload imports only this file, so it stays a tiny bundle without zod; the
 * compile-time checks in index.ts keep these lists equal to the contract's keys.
 */
export const METHOD_NAMES = [
  'app:get-status', 'app:dismiss-notice',
  'profiles:list', 'profiles:get', 'profiles:save', 'profiles:duplicate', 'profiles:delete',
  'profiles:export', 'profiles:import', 'profiles:list-presets',
  'sandbox:status', 'sandbox:start', 'sandbox:stop',
  'keys:list', 'keys:get', 'keys:generate', 'keys:preview-import', 'keys:import', 'keys:update', 'keys:delete',
  'keys:host-jwks', 'keys:stop-jwks-host', 'keys:jwks-host-status',
  'secrets:set', 'secrets:clear', 'secrets:status',
  'discovery:run', 'discovery:apply', 'discovery:cancel',
  'tokens:start', 'tokens:await', 'tokens:cancel', 'tokens:refresh', 'tokens:status', 'tokens:reveal', 'tokens:curl',
  'tokens:revoke', 'tokens:forget', 'tokens:set-auto-refresh', 'tokens:sandbox-launch',
  'tokens:prepare-assertion', 'tokens:discard-assertion', 'tokens:paste', 'tokens:forget-pasted',
  'inspect:assertion', 'inspect:token', 'inspect:introspect', 'inspect:discovery',
  'console:send', 'console:cancel', 'console:read-body', 'console:tree', 'console:history', 'console:clear-history', 'console:capabilities', 'console:curl',
  'bulk:start', 'bulk:list', 'bulk:cancel', 'bulk:download', 'bulk:cancel-download', 'bulk:preview', 'bulk:forget',
  'activity:list', 'activity:get', 'activity:reveal', 'activity:clear', 'activity:export-har',
  'settings:get', 'settings:update', 'runs:list', 'runs:get',
] as const;

/** Every pushed event name. */
export const EVENT_NAMES = ['app:notice', 'bulk:progress', 'profiles:changed', 'activity:appended', 'keys:changed', 'tokens:changed', 'settings:changed'] as const;

/** IPC channel prefix for methods (`invoke:<method>`) and events (`event:<name>`). */
export const IPC_INVOKE_PREFIX = 'invoke:';
/** IPC channel prefix for pushed events. */
export const IPC_EVENT_PREFIX = 'event:';
