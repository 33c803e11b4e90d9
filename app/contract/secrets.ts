import { z } from 'zod';
import { method } from './define.ts';

/**
 * Client secrets, stored per profile and sealed in main.
 *
 * The renderer can set, replace and clear a secret and ask whether one is set; no method
 * returns the secret itself, so it never sits in renderer memory after it was typed.
 */

/** Whether a profile has a client secret, and whether main can still read it. */
export interface SecretStatus {
  profileId: string;
  hasSecret: boolean;
  updatedAt?: string;
  /** Why a stored secret cannot be decrypted (written by the other mode, or the key file changed). */
  problem?: string;
}

const profileId = z.string().min(1, 'Choose a profile').max(200);

/** Input of `secrets:set`. */
export const SetSecretInput = z.object({
  profileId,
  secret: z.string().min(1, 'Enter the client secret').max(4096, 'Client secrets are far shorter than 4096 characters')
    .refine((s) => s.trim() !== '', 'The secret is only spaces'),
});

/** Client-secret methods: set (replace), clear, status. */
export const secretMethods = {
  'secrets:set': method(SetSecretInput).returns<SecretStatus>(),
  'secrets:clear': method(z.object({ profileId })).returns<SecretStatus>(),
  'secrets:status': method(z.object({ profileId })).returns<SecretStatus>(),
};
