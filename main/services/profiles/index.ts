/**
 * Server profiles, persisted in the user-data folder.
 */
export { ProfileService } from './profile-service.ts';
