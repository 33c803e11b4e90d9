/**
 * TODO face of main/services/built-in-sandbox
 */
export { createAppSandbox } from './sandbox-bootstrap.ts';
export { sandboxFhirBase, type SandboxService, type SandboxStarter } from './sandbox-service.ts';
