/**
 * SMART launch context bookkeeping: EHR `launch` values, the patient picked during an
 * interaction, and the context bound to each grant (what token responses and tokens carry).
 *
 * Why: oidc-provider knows nothing about SMART context. The sandbox records it here when the
 * user consents and reads it back whenever a token is minted for that grant (code exchange and
 * every refresh), so `patient`/`encounter` stay consistent for the grant's lifetime.
 */
import { randomBytes } from 'node:crypto';

/** The context of one EHR launch, created by `POST /sandbox/launch`. */
export interface EhrLaunch {
  patient: string;
  encounter?: string;
  /** False when the simulated EHR already shows a patient banner. */
  needPatientBanner: boolean;
  expiresAt: number;
}

/** The SMART context attached to a grant (and so to every token issued from it). */
export interface GrantContext {
  patient?: string;
  encounter?: string;
  needPatientBanner?: boolean;
  /** Absolute URL of the user's FHIR resource, for the `fhirUser` claim. */
  fhirUser?: string;
}

const LAUNCH_TTL_MS = 60 * 60 * 1000;

/** One sandbox's launch and grant context. */
export class LaunchContextStore {
  private readonly launches = new Map<string, EhrLaunch>();
  private readonly grants = new Map<string, GrantContext>();
  private readonly pickedPatients = new Map<string, string>();

  /** Issue a new opaque `launch` value bound to a patient (and optionally an encounter). */
  createLaunch(input: { patient: string; encounter?: string; needPatientBanner?: boolean }, now = Date.now()): string {
    const launch = randomBytes(18).toString('base64url');
    this.launches.set(launch, {
      patient: input.patient,
      encounter: input.encounter,
      needPatientBanner: input.needPatientBanner ?? false,
      expiresAt: now + LAUNCH_TTL_MS,
    });
    return launch;
  }

  /** The launch bound to this value, unless unknown or expired. */
  getLaunch(launch: string | undefined, now = Date.now()): EhrLaunch | undefined {
    if (!launch) return undefined;
    const found = this.launches.get(launch);
    if (!found || found.expiresAt <= now) return undefined;
    return found;
  }

  /** Remember the patient chosen on the picker page of an interaction. */
  pickPatient(interactionUid: string, patient: string): void {
    this.pickedPatients.set(interactionUid, patient);
  }

  /** The patient picked during this interaction, if any. */
  pickedPatient(interactionUid: string): string | undefined {
    return this.pickedPatients.get(interactionUid);
  }

  /** Bind context to a grant when the user consents; forget the interaction's picks. */
  bindGrant(grantId: string, context: GrantContext, interactionUid?: string): void {
    this.grants.set(grantId, context);
    if (interactionUid) this.pickedPatients.delete(interactionUid);
  }

  /** The context of a grant (empty for client_credentials tokens, which have no grant). */
  forGrant(grantId: string | undefined): GrantContext {
    return (grantId && this.grants.get(grantId)) || {};
  }
}
