import type { Handlers } from '../../app/contract/index.ts';
import type { SecretService } from '../services/secrets/index.ts';

type SecretHandlers = Pick<Handlers, 'secrets:set' | 'secrets:clear' | 'secrets:status'>;

/** Client-secret channels: set, clear and status only; no channel returns the secret. */
export function secretHandlers(secrets: SecretService): SecretHandlers {
  return {
    'secrets:set': ({ profileId, secret }) => secrets.set(profileId, secret),
    'secrets:clear': ({ profileId }) => secrets.clear(profileId),
    'secrets:status': ({ profileId }) => secrets.status(profileId),
  };
}
