/**
 * TODO face of main/services/activity
 */
export { ActivityLog } from './activity-log.ts';
