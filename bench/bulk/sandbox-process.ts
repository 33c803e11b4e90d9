/**
 * Runs the sandbox in its own process for the bulk benchmark and prints its URLs as one JSON
 * line. Why a separate process: the benchmark measures the app's memory and throughput, and
 * the sandbox generating a gigabyte of NDJSON must not count against either.
 */
import { startSandbox } from '../../main/sandbox/index.ts';

const sb = await startSandbox({ export: { jobDelayMs: 500 } });
console.log(JSON.stringify({ fhirBaseUrl: sb.fhirBaseUrl, tokenEndpoint: sb.tokenEndpoint }));
const stop = () => void sb.stop().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
