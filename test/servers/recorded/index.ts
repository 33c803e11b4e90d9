/**
 * Recorded answers of real servers, each with the source it was taken from (repository and
 * path, or documentation URL) and the headline it deserves. Shared by the diagnosis tests and the
 * before/after measurement of the headlines.
 */
import { bulkDataServer } from './bulk-data-server.ts';
import { athenahealth, epic, oracleHealth } from './ehr-vendors.ts';
import { hapi, keycloak, medplum } from './enterprise-servers.ts';
import type { RecordedAnswer } from './kit.ts';
import { smartLauncher } from './smart-launcher.ts';

export { makeKit, NOW, type FixtureKit, type RecordedAnswer } from './kit.ts';

/** Every recorded answer. */
export const RECORDED_ANSWERS: RecordedAnswer[] = [...bulkDataServer, ...smartLauncher, ...keycloak, ...medplum, ...hapi, ...epic, ...oracleHealth, ...athenahealth];
