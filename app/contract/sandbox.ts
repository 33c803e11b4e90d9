import { z } from 'zod';
import { method } from './define.ts';

/** The built-in sandbox's state, for the status bar and the Tokens area. */
export type SandboxStatusView =
  | { state: 'stopped' | 'starting' | 'running'; origin: string; fhirBaseUrl: string }
  | { state: 'failed'; origin: string; fhirBaseUrl: string; error: string };

/** Built-in sandbox methods: status, start now (it otherwise starts on the first request to it), stop. */
export const sandboxMethods = {
  'sandbox:status': method(z.object({}).default({})).returns<SandboxStatusView>(),
  'sandbox:start': method(z.object({}).default({})).returns<SandboxStatusView>(),
  'sandbox:stop': method(z.object({}).default({})).returns<SandboxStatusView>(),
};
