import type { z } from 'zod';
import { activityEvents, activityMethods } from './activity.ts';
import { appEvents, appMethods } from './app-status.ts';
import { bulkEvents, bulkMethods } from './bulk.ts';
import { consoleMethods } from './console.ts';
import { EVENT_NAMES, METHOD_NAMES } from './channels.ts';
import type { EventDef, MethodDef } from './define.ts';
import { discoveryMethods } from './discovery.ts';
import { inspectMethods } from './inspect.ts';
import { keyEvents, keyMethods } from './keys.ts';
import { profileMethods } from './profiles.ts';
import { sandboxMethods } from './sandbox.ts';
import type { Result } from '../result/index.ts';
import { secretMethods } from './secrets.ts';
import { settingsEvents, settingsMethods } from './settings.ts';
import { tokenEvents, tokenMethods } from './tokens.ts';

/**
 * THE contract between renderer and main: every method with its input schema and output type,
 * and every pushed event with its payload.
 *
 * Electron IPC (preload + ipcMain) and browser mode (HTTP bridge) both derive from this object,
 * so a method cannot exist on one transport and not the other.
 */
export const CONTRACT = {
  ...appMethods,
  ...profileMethods,
  ...sandboxMethods,
  ...activityMethods,
  ...keyMethods,
  ...secretMethods,
  ...discoveryMethods,
  ...tokenMethods,
  ...inspectMethods,
  ...consoleMethods,
  ...bulkMethods,
  ...settingsMethods,
} satisfies Record<string, MethodDef>;

/** Every pushed event (main -> renderer). */
export const EVENTS = { ...appEvents, ...bulkEvents, ...activityEvents, ...keyEvents, ...tokenEvents, ...settingsEvents } satisfies Record<string, EventDef>;

/** A contract method name. */
export type MethodName = keyof typeof CONTRACT;
/** A pushed event name. */
export type EventName = keyof typeof EVENTS;
/** What a method accepts from the renderer (before defaults). */
export type MethodInput<M extends MethodName> = z.input<(typeof CONTRACT)[M]['input']>;
/** What a handler receives after validation (defaults applied). */
export type ParsedInput<M extends MethodName> = z.output<(typeof CONTRACT)[M]['input']>;
/** What a method returns on success. */
export type MethodOutput<M extends MethodName> = NonNullable<(typeof CONTRACT)[M]['__output']>;
/** The payload of a pushed event. */
export type EventPayload<E extends EventName> = NonNullable<(typeof EVENTS)[E]['__payload']>;

/** The renderer's view of main: one async function per method, resolving to a Result. */
export type Api = { [M in MethodName]: (input?: MethodInput<M>) => Promise<Result<MethodOutput<M>>> };
/** The renderer's event subscriptions: one function per event, returning an unsubscribe. */
export type ApiEvents = { [E in EventName]: (listener: (payload: EventPayload<E>) => void) => () => void };
/** Main's implementation: one handler per method, receiving validated input. */
export type Handlers = { [M in MethodName]: (input: ParsedInput<M>) => Promise<MethodOutput<M>> };

// Compile-time proof that channels.ts lists exactly the contract's keys.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const methodsMatch: Same<(typeof METHOD_NAMES)[number], MethodName> = true;
const eventsMatch: Same<(typeof EVENT_NAMES)[number], EventName> = true;
void methodsMatch;
void eventsMatch;

export * from '../result/index.ts';
export { type AppStatus, type Notice } from './app-status.ts';
export { EVENT_NAMES, IPC_EVENT_PREFIX, IPC_INVOKE_PREFIX, METHOD_NAMES } from './channels.ts';
export { type SandboxStatusView } from './sandbox.ts';
export { type BulkDownload, type BulkFileDownload, type BulkJob } from './bulk.ts';
export { type BodyPiece, type ConsoleDiagnosis, type ConsoleHistoryEntry, type ConsoleRequest, type ConsoleResponse, type TokenUse, type TreeCallAnswer } from './console.ts';
export { type DiscoveredDocument, type DiscoveryFetch, type DiscoveryResult, type DocumentForm, type EndpointProvenance, type FoundEndpoints, type IssuerSearch } from './discovery.ts';
export { type AssertionInspection, type InspectAssertionInput, type InspectTokenInput, type InspectedTokenKind, type IntrospectInput, type IntrospectionInspection, type JwksOrigin, type SignatureCheck, type TokenInspection } from './inspect.ts';
export { type ImportCandidate, type ImportPreview, type JwksHostStatus, type KeyDetails, type KeySummary, type PrivateKeyState, type PublicJwk, type PublicJwks, type PublicKeyFile } from './keys.ts';
export { type ImportReport, type ProfileExport } from './profiles.ts';
export { type SecretStatus } from './secrets.ts';
export { isRunInFlight, type ClientAuthKind, type LaunchContext, type PastedTokenSummary, type PreparedAssertion, type RequestView, type ResponseView, type RevokeResult, type TokenFlow, type TokenKind, type TokenRun, type TokenStatus, type TokenStep, type TokenSummary } from './tokens.ts';
