import { startSandbox } from '../../main/sandbox/index.ts';

/**
 * The sandbox for the token benchmark, in its own process: a real server does its work on
 * another machine, so neither side of the comparison may slow it down (or be slowed by it)
 * through a shared event loop.
 *
 * Reads the benchmark client's public JWKS from BENCH_JWKS, registers it as `bench-client`
 * (private_key_jwt), prints one JSON line with the endpoints, and stops when stdin closes.
 */
const sb = await startSandbox({ port: 0 });
await sb.registerClient({
  client_id: 'bench-client', token_endpoint_auth_method: 'private_key_jwt', grant_types: ['client_credentials'], response_types: [], redirect_uris: [],
  jwks: JSON.parse(process.env.BENCH_JWKS ?? '{"keys":[]}') as { keys: [] },
});
console.log(JSON.stringify({ fhirBaseUrl: sb.fhirBaseUrl, tokenEndpoint: sb.tokenEndpoint }));
process.stdin.resume();
process.stdin.on('end', () => void sb.stop().then(() => process.exit(0)));
process.on('SIGTERM', () => void sb.stop().then(() => process.exit(0)));
