import { z } from 'zod';
import { event, method } from './define.ts';

/** A message main wants the user to see, e.g. "profiles.json was unreadable and was moved aside". */
export interface Notice { id: string; level: 'info' | 'warning' | 'error'; message: string; at: string }

/** Where the app runs and how it protects secrets, shown in the shell's status bar. */
export interface AppStatus {
  mode: 'electron' | 'browser';
  version: string;
  dataDir: string;
  secretProtection: 'os-keychain' | 'file-fallback';
  notices: Notice[];
}

/** App-wide methods: status and notices. */
export const appMethods = {
  'app:get-status': method(z.object({}).default({})).returns<AppStatus>(),
  'app:dismiss-notice': method(z.object({ id: z.string() })).returns<{ id: string }>(),
};

/** Events every area may listen to. */
export const appEvents = {
  'app:notice': event<Notice>(),
  'profiles:changed': event<{ ids: string[] }>(),
};
