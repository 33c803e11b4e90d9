import type { SandboxStatusView, Handlers } from '../../app/contract/index.ts';
import { sandboxFhirBase, type SandboxService } from '../services/built-in-sandbox/index.ts';

type SandboxHandlers = Pick<Handlers, 'sandbox:status' | 'sandbox:start' | 'sandbox:stop'>;

/** Built-in sandbox channels. */
export function sandboxHandlers(sandbox: SandboxService): SandboxHandlers {
  const view = async (): Promise<SandboxStatusView> => {
    const origin = await sandbox.origin();
    const s = sandbox.status();
    return s.state === 'failed' ? { state: 'failed', origin, fhirBaseUrl: sandboxFhirBase(origin), error: s.error } : { state: s.state, origin, fhirBaseUrl: sandboxFhirBase(origin) };
  };
  return {
    'sandbox:status': view,
    'sandbox:start': async () => { await sandbox.ensureStarted().catch(() => undefined); return view(); },
    'sandbox:stop': async () => { await sandbox.stop(); return view(); },
  };
}
