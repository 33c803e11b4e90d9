import { describe, expect, it } from 'vitest';
import { DEFAULT_CLI_PORT, formatBanner, parseCliArgs } from './cli-run.ts';
import type { Sandbox } from './index.ts';

describe('sandbox CLI', () => {
  it('parses --port and --export-bytes, ignoring the -- npm passes through', () => {
    expect(parseCliArgs(['--', '--port', '9001'])).toEqual({ port: 9001, exportBytes: 0, help: false });
    expect(parseCliArgs(['--export-bytes', '1048576'])).toEqual({ port: DEFAULT_CLI_PORT, exportBytes: 1048576, help: false });
    expect(parseCliArgs(['-h']).help).toBe(true);
  });

  it('rejects bad ports and unknown options', () => {
    expect(() => parseCliArgs(['--port', 'http'])).toThrow(/--port/);
    expect(() => parseCliArgs(['--port', '70000'])).toThrow(/--port/);
    expect(() => parseCliArgs(['--verbose'])).toThrow();
  });

  it('prints endpoints, demo credentials, the throwaway key file and the failure modes', () => {
    const origin = 'http://127.0.0.1:9001';
    const sb = {
      origin, issuer: origin, fhirBaseUrl: `${origin}/fhir`, tokenEndpoint: `${origin}/oauth/token`, authorizeEndpoint: `${origin}/oauth/authorize`,
      jwksUri: `${origin}/oauth/jwks`, introspectionEndpoint: `${origin}/oauth/introspect`, revocationEndpoint: `${origin}/oauth/revoke`,
      registrationEndpoint: `${origin}/oauth/register`,
      demoClients: [{ clientId: 'demo-secret-client', clientSecret: 'demo-secret-client-secret', kind: 'client-secret', tokenEndpointAuthMethod: 'client_secret_basic', grantTypes: [], redirectUris: [], description: 'x' }],
    } as unknown as Sandbox;
    const banner = formatBanner(sb, '/tmp/key.json', 'kid-1');
    for (const text of [`${origin}/fhir/.well-known/smart-configuration`, `${origin}/oauth/token`, 'demo-secret-client-secret', '/tmp/key.json', 'THROWAWAY DEMO KEY', 'clinician / sandbox', 'expired-token', 'clock-skew']) {
      expect(banner).toContain(text);
    }
  });
});
