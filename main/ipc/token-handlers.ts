import type { Handlers } from '../../app/contract/index.ts';
import type { TokenService } from '../services/tokens/index.ts';

type TokenHandlers = Pick<Handlers, 'tokens:start' | 'tokens:await' | 'tokens:cancel' | 'tokens:refresh' | 'tokens:status' | 'tokens:reveal'
  | 'tokens:curl' | 'tokens:revoke' | 'tokens:forget' | 'tokens:set-auto-refresh' | 'tokens:sandbox-launch'
  | 'tokens:prepare-assertion' | 'tokens:discard-assertion' | 'tokens:paste' | 'tokens:forget-pasted'>;

/** Token channels: each handler only calls the token service (input is validated by the dispatcher). */
export function tokenHandlers(tokens: TokenService): TokenHandlers {
  return {
    'tokens:start': (input) => tokens.start(input),
    'tokens:await': ({ runId, waitMs }) => tokens.awaitRun(runId, waitMs),
    'tokens:cancel': ({ runId }) => tokens.cancel(runId),
    'tokens:refresh': ({ profileId, ...assertion }) => tokens.refresh(profileId, assertion),
    'tokens:status': ({ profileId }) => tokens.status(profileId),
    'tokens:reveal': async ({ profileId, which }) => tokens.reveal(profileId, which),
    'tokens:curl': async ({ profileId, runId, includeSecrets }) => tokens.curl(profileId, runId, includeSecrets),
    'tokens:revoke': ({ profileId, which }) => tokens.revoke(profileId, which),
    'tokens:forget': async ({ profileId }) => tokens.forget(profileId),
    'tokens:set-auto-refresh': ({ profileId, enabled }) => tokens.setAutoRefresh(profileId, enabled),
    'tokens:sandbox-launch': ({ profileId, patient, encounter }) => tokens.sandboxLaunch(profileId, patient, encounter),
    'tokens:prepare-assertion': ({ profileId, assertion }) => tokens.prepareAssertion(profileId, assertion),
    'tokens:discard-assertion': async ({ profileId }) => tokens.discardAssertion(profileId),
    'tokens:paste': async ({ profileId, token, tokenType }) => {
      await tokens.requireProfile(profileId);
      return tokens.paste(profileId, token, tokenType);
    },
    'tokens:forget-pasted': async ({ profileId }) => tokens.forgetPasted(profileId),
  };
}
