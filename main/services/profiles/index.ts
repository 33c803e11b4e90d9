/**
 * TODO face of main/services/profiles
 */
export { ProfileService } from './profile-service.ts';
