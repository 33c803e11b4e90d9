/**
 * The built-in sandbox inside the app: started on first use on a remembered port, stopped with the app.
 */
export { createAppSandbox } from './sandbox-bootstrap.ts';
export { sandboxFhirBase, type SandboxService, type SandboxStarter } from './sandbox-service.ts';
