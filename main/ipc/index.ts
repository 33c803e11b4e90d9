/**
 * The transport-independent entry into main: one dispatcher that validates contract input and
 * calls the handlers, plus Electron IPC registration with its sender check.
 */
export { activityHandlers } from './activity-handlers.ts';
export { bulkHandlers } from './bulk-handlers.ts';
export { consoleHandlers } from './console-handlers.ts';
export { discoveryHandlers } from './discovery-handlers.ts';
export { inspectHandlers } from './inspect-handlers.ts';
export { keyHandlers } from './key-handlers.ts';
export { profileHandlers } from './profile-handlers.ts';
export { sandboxHandlers } from './sandbox-handlers.ts';
export { secretHandlers } from './secret-handlers.ts';
export { settingsHandlers } from './settings-handlers.ts';
export { tokenHandlers } from './token-handlers.ts';
export { createDispatcher, type Dispatch } from './dispatch.ts';
export { createSenderCheck, registerIpc } from './register-ipc.ts';
