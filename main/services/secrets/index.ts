/**
 * TODO face of main/services/secrets
 */
export { SecretService } from './secret-service.ts';
