/**
 * The activity log: every HTTP exchange main made, redacted and sealed, kept across restarts.
 */
export { ActivityLog } from './activity-log.ts';
