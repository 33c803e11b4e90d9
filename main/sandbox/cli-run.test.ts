import { describe, expect, it } from 'vitest';
import { DEFAULT_CLI_PORT, formatBanner, formatJson, parseCliArgs } from './cli-run.ts';
import type { Sandbox } from './index.ts';

describe('sandbox CLI', () => {
  it('parses --port and --export-bytes, ignoring the -- npm passes through', () => {
    expect(parseCliArgs(['--', '--port', '9001'])).toEqual({ port: 9001, exportBytes: 0, fail: '', json: false, help: false });
    expect(parseCliArgs(['--export-bytes', '1048576'])).toEqual({ port: DEFAULT_CLI_PORT, exportBytes: 1048576, fail: '', json: false, help: false });
    expect(parseCliArgs(['--fail', 'no-smart-configuration,no-oauth-uris', '--json'])).toMatchObject({ fail: 'no-smart-configuration,no-oauth-uris', json: true });
    expect(parseCliArgs(['-h']).help).toBe(true);
  });

  it('rejects bad ports and unknown options', () => {
    expect(() => parseCliArgs(['--port', 'http'])).toThrow(/--port/);
    expect(() => parseCliArgs(['--port', '70000'])).toThrow(/--port/);
    expect(() => parseCliArgs(['--verbose'])).toThrow();
    expect(() => parseCliArgs(['--fail', 'no-smart-config'])).toThrow(/--fail: unknown failure mode "no-smart-config"/);
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
    for (const text of [`${origin}/fhir/.well-known/smart-configuration`, `${origin}/oauth/token`, 'demo-secret-client-secret', '/tmp/key.json', 'THROWAWAY DEMO KEY', 'clinician / sandbox', 'expired-token', 'clock-skew', 'no-smart-configuration', `${origin}/.well-known/oauth-authorization-server`]) {
      expect(banner).toContain(text);
    }
    expect(formatBanner(sb, '/tmp/key.json', 'kid-1', 'no-smart-configuration')).toContain('Failure modes on every request: no-smart-configuration');
    expect(JSON.parse(formatJson(sb, '/tmp/key.json', 'kid-1', 'no-oauth-uris'))).toMatchObject({ issuer: origin, fhirBaseUrl: `${origin}/fhir`, backendKey: { kid: 'kid-1' }, failures: 'no-oauth-uris' });
  });
});
