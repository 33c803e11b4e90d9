/**
 * The FHIR request console: sends what the editor built with the profile's token, keeps history,
 * and diagnoses failed answers.
 */
export { FhirConsoleService } from './console-service.ts';
