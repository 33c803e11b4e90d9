/**
 * The diagnosis of the exchanges main makes: their input to app/diagnosis (secrets masked), the
 * diagnosis itself with credential values scrubbed, and the key set a server holds for a client.
 */
export { exchangeInput, MASK, type ExchangeFacts } from './exchange-input.ts';
export { diagnoseExchange, scrubDiagnosis } from './run-diagnosis.ts';
export { scrubSecrets } from './scrub-secrets.ts';
export type { DiagnosisNotes } from './notes.ts';
export { createRegisteredKeySource, registeredJwksUrl, type RegisteredKeySource, type SandboxRegistrations } from './registered-keys.ts';
