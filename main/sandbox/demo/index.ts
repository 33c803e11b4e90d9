/**
 * The sandbox's demo data: synthetic patients and resources, demo users and demo clients.
 */
export { DEMO_USERS, authenticateUser, createFindAccount, findUser } from './demo-accounts.ts';
export { SEED_GROUP_ID, SEED_PATIENTS, SEED_PRACTITIONER_ID, buildSeedResources, patientLabel } from './seed-data.ts';
export { DEMO_CLIENT_IDS, DEMO_SECRETS, demoClientRegistrations, isLoopbackRedirect, type BackendClientKey, type DemoClient } from './demo-clients.ts';
