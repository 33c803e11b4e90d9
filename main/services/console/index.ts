/**
 * TODO face of main/services/console
 */
export { FhirConsoleService } from './console-service.ts';
