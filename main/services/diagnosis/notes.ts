import type { Diagnosis } from '../../../app/diagnosis/index.ts';

/**
 * Where a service records the diagnosis of an exchange it made, beside the exchange's activity
 * log entry: the service knew more than the log keeps (the key set the server holds, the jti
 * values used before, the token it attached), so the entry shows the same headline as the area.
 */
export interface DiagnosisNotes {
  note(activityId: string, diagnosis: Diagnosis): void;
}
