/**
 * The console benchmark's FHIR server stand-in, in its own process: serves one generated
 * searchset Bundle at /fhir/Observation and a tiny CapabilityStatement, and prints its base URL
 * and the body's size. Why a separate process: a real server is elsewhere; serving 50 MB from
 * the app's own process would slow the app's event loop and skew the measurement.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateSearchBundle } from './generate-bundle.ts';

const bytes = Number(process.argv[2] ?? 50 * 1024 * 1024);
const { text, entries } = generateSearchBundle(bytes);
const body = Buffer.from(text, 'utf8');
const server = createServer((req, res) => {
  if (req.url?.startsWith('/fhir/metadata')) {
    res.writeHead(200, { 'content-type': 'application/fhir+json' }).end(JSON.stringify({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1', rest: [{ mode: 'server', resource: [{ type: 'Observation' }] }] }));
  } else if (req.url?.startsWith('/fhir/Observation')) {
    res.writeHead(200, { 'content-type': 'application/fhir+json; charset=utf-8', 'content-length': body.length }).end(body);
  } else res.writeHead(404).end();
});
server.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ fhirBase: `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`, size: body.length, entries }));
});
process.on('SIGTERM', () => process.exit(0));
