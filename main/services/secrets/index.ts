/**
 * Client secrets per profile, sealed with the SecretCipher.
 */
export { SecretService } from './secret-service.ts';
