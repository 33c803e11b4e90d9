import type { Api, ApiEvents, AppError, MethodInput, MethodName, MethodOutput } from '../../../app/contract/index.ts';
import { createHttpApi, createSseEvents, takeBridgeSecret } from './bridge-client.ts';

declare global {
  interface Window {
    api?: Api;
    apiEvents?: ApiEvents;
  }
}

const secret = window.api ? '' : takeBridgeSecret();

/** Main's methods: the preload's `window.api` in Electron, the HTTP bridge in a browser. */
export const api: Api = window.api ?? createHttpApi(secret);

/** Main's pushed events, same choice of transport. */
export const apiEvents: ApiEvents = window.apiEvents ?? createSseEvents(secret);

/** True when running in a plain browser (browser mode) rather than Electron. */
export const isBrowserMode = !window.api;

/** A failed contract call, thrown so react-query can treat it as an error. */
export class ApiError extends Error {
  readonly code: AppError['code'];
  readonly issues: NonNullable<AppError['issues']>;
  constructor(error: AppError) {
    super(error.message);
    this.name = 'ApiError';
    this.code = error.code;
    this.issues = error.issues ?? [];
  }
}

/** Calls a contract method and returns its value, throwing ApiError on failure. */
export async function call<M extends MethodName>(method: M, input?: MethodInput<M>): Promise<MethodOutput<M>> {
  const fn = api[method] as (i?: MethodInput<M>) => ReturnType<Api[M]>;
  const result = await fn(input);
  if (!result.ok) throw new ApiError(result.error);
  return result.value as MethodOutput<M>;
}
