/**
 * What `npm run sandbox` does: parse the arguments, create a throwaway backend key, start the
 * sandbox and print everything a developer needs to point their own code at it.
 *
 * Why: people testing their own SMART client outside the app need the FHIR base, endpoints,
 * demo credentials and a working backend-services key without reading the source. The key is
 * generated per run and its private half is written to a 0600 temp file, never shipped.
 */
import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { exportJWK, generateKeyPair } from 'jose';
import { DEMO_USERS, FAILURE_MODES, startSandbox, type Sandbox } from './index.ts';
import { parseFailureModes } from './failure-simulation/index.ts';

/** Parsed command-line options. */
export interface CliOptions {
  port: number;
  exportBytes: number;
  /** Failure modes for every request (`--fail no-smart-configuration,no-oauth-uris`); '' for none. */
  fail: string;
  /** Print one JSON line with the endpoints instead of the banner (for scripts and tests). */
  json: boolean;
  help: boolean;
}

/** The default port of `npm run sandbox` (tests and the app use port 0 instead). */
export const DEFAULT_CLI_PORT = 8090;

/** Parse `--port N`, `--export-bytes N`, `--fail MODES`, `--json`, `--help` (a bare `--` from npm is ignored). */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: {
      port: { type: 'string', short: 'p' },
      'export-bytes': { type: 'string' },
      fail: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  const port = values.port === undefined ? DEFAULT_CLI_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got "${values.port}"`);
  const exportBytes = values['export-bytes'] === undefined ? 0 : Number(values['export-bytes']);
  if (!Number.isFinite(exportBytes) || exportBytes < 0) throw new Error(`--export-bytes must be a non-negative number, got "${values['export-bytes']}"`);
  const fail = values.fail?.trim() ?? '';
  try {
    parseFailureModes(fail);
  } catch (e) {
    throw new Error(`--fail: ${(e as Error).message}`);
  }
  return { port, exportBytes, fail, json: values.json === true, help: values.help === true };
}

/** Usage text for `--help`. */
export const USAGE = `Usage: npm run sandbox -- [--port N] [--export-bytes N] [--fail MODES] [--json]
  --port N          listen on 127.0.0.1:N (default ${DEFAULT_CLI_PORT}; 0 = any free port)
  --export-bytes N  add N bytes of synthetic Observation NDJSON to every $export (default 0)
  --fail MODES      failure modes for every request, e.g. no-smart-configuration,no-oauth-uris
                    (a plain OAuth server: only the RFC 8414 / OpenID Connect metadata at the issuer)
  --json            print one line of JSON (endpoints, demo clients, key file) instead of the banner`;

/** The `--json` line: what a script needs to point a client at this sandbox. */
export function formatJson(sb: Sandbox, keyFile: string, backendKid: string, fail: string): string {
  return JSON.stringify({
    origin: sb.origin, issuer: sb.issuer, fhirBaseUrl: sb.fhirBaseUrl, tokenEndpoint: sb.tokenEndpoint, authorizeEndpoint: sb.authorizeEndpoint,
    jwksUri: sb.jwksUri, introspectionEndpoint: sb.introspectionEndpoint, revocationEndpoint: sb.revocationEndpoint, registrationEndpoint: sb.registrationEndpoint,
    demoClients: sb.demoClients, backendKey: { file: keyFile, kid: backendKid }, failures: fail,
  });
}

/** The startup banner: endpoints, demo clients and users, the key file, failure modes. */
export function formatBanner(sb: Sandbox, keyFile: string, backendKid: string, fail = ''): string {
  const clients = sb.demoClients.map((c) => {
    const secret = c.clientSecret ? `  secret: ${c.clientSecret}` : '';
    return `  ${c.clientId.padEnd(24)} ${c.tokenEndpointAuthMethod.padEnd(20)}${secret}\n      ${c.description}`;
  });
  return [
    'Local SMART on FHIR sandbox (Ctrl+C to stop)',
    ...(fail ? ['', `Failure modes on every request: ${fail}`] : []),
    '',
    `  FHIR base          ${sb.fhirBaseUrl}`,
    `  SMART discovery    ${sb.fhirBaseUrl}/.well-known/smart-configuration`,
    `  Issuer             ${sb.issuer}   (RFC 8414 / OpenID Connect metadata: ${sb.issuer}/.well-known/oauth-authorization-server, ${sb.issuer}/.well-known/openid-configuration)`,
    `  Authorize          ${sb.authorizeEndpoint}`,
    `  Token              ${sb.tokenEndpoint}`,
    `  JWKS               ${sb.jwksUri}`,
    `  Introspect/revoke  ${sb.introspectionEndpoint}  ${sb.revocationEndpoint}`,
    `  Registration       ${sb.registrationEndpoint}`,
    `  EHR simulator      ${sb.origin}/sandbox/ehr   (API: POST ${sb.origin}/sandbox/launch {"patient":"ana-alvarez"})`,
    '',
    'Demo clients:',
    ...clients,
    '',
    `Backend client private key (THROWAWAY DEMO KEY, valid for this run only; kid ${backendKid}, ES384):`,
    `  ${keyFile}`,
    '',
    'Demo users (login page):',
    ...DEMO_USERS.map((u) => `  ${u.username} / ${u.password}   ${u.displayName}`),
    '',
    'Failure modes (header X-Sandbox-Fail, query sandbox_fail, or client metadata sandbox_fail):',
    ...FAILURE_MODES.map((m) => `  ${m.name.padEnd(15)} ${m.where}: ${m.effect}`),
  ].join('\n');
}

/** Run the CLI until SIGINT/SIGTERM. */
export async function runCli(argv: readonly string[]): Promise<void> {
  let options: CliOptions;
  try {
    options = parseCliArgs(argv);
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const kid = `demo-backend-${randomUUID().slice(0, 8)}`;
  const { publicKey, privateKey } = await generateKeyPair('ES384', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES384', use: 'sig' };
  const keyFile = join(tmpdir(), `fhir-sandbox-backend-key-${process.pid}.json`);
  await writeFile(keyFile, `${JSON.stringify({ ...(await exportJWK(privateKey)), kid, alg: 'ES384' }, null, 2)}\n`, { mode: 0o600 });

  const sb = await startSandbox({ port: options.port, backendClient: { jwks: { keys: [publicJwk] } }, export: { syntheticBytes: options.exportBytes }, failures: options.fail });
  console.log(options.json ? formatJson(sb, keyFile, kid, options.fail) : formatBanner(sb, keyFile, kid, options.fail));
  const shutdown = async () => {
    await sb.stop();
    await rm(keyFile, { force: true });
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}
