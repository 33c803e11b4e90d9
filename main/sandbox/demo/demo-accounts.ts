/**
 * The sandbox's demo users and the oidc-provider account lookup built on them.
 *
 * Why: the login page needs a couple of people to log in as, each tied to a FHIR resource so
 * `fhirUser` works: a clinician (Practitioner, picks a patient) and a patient-portal user
 * (Patient, is their own patient context). The passwords are public demo values.
 */
import type { Account, FindAccount } from 'oidc-provider';
import { SEED_PATIENTS, SEED_PRACTITIONER_ID } from './seed-data.ts';

/** A user who can log in on the sandbox's login page. */
export interface DemoUser {
  username: string;
  password: string;
  /** The OIDC `sub`. */
  accountId: string;
  displayName: string;
  /** Relative FHIR reference of the user's own resource. */
  fhirUser: string;
  /** Set for patient-portal users: they are always their own patient context. */
  patient?: string;
}

const firstPatient = SEED_PATIENTS[0];

/** The demo users, shown on the login page. */
export const DEMO_USERS: readonly DemoUser[] = [
  {
    username: 'clinician',
    password: 'sandbox',
    accountId: 'user-clinician',
    displayName: 'Dr. Alex Smart (clinician)',
    fhirUser: `Practitioner/${SEED_PRACTITIONER_ID}`,
  },
  {
    username: 'patient',
    password: 'sandbox',
    accountId: 'user-patient',
    displayName: `${firstPatient?.given ?? 'Ana'} ${firstPatient?.family ?? 'Alvarez'} (patient portal)`,
    fhirUser: `Patient/${firstPatient?.id ?? 'ana-alvarez'}`,
    patient: firstPatient?.id ?? 'ana-alvarez',
  },
];

/** The user with these credentials, or undefined. */
export function authenticateUser(username: string, password: string): DemoUser | undefined {
  return DEMO_USERS.find((u) => u.username === username.trim() && u.password === password);
}

/** The user with this account id (`sub`), or undefined. */
export function findUser(accountId: string): DemoUser | undefined {
  return DEMO_USERS.find((u) => u.accountId === accountId);
}

/** oidc-provider's `findAccount`: claims include `fhirUser` as an absolute URL. */
export function createFindAccount(fhirBaseUrl: string): FindAccount {
  return async (_ctx, sub): Promise<Account | undefined> => {
    const user = findUser(sub);
    if (!user) return undefined;
    return {
      accountId: user.accountId,
      claims: async () => ({
        sub: user.accountId,
        name: user.displayName,
        fhirUser: `${fhirBaseUrl}/${user.fhirUser}`,
      }),
    };
  };
}
