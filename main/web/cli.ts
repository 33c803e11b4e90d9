import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../paths.ts';
import { startWebServer } from './web-server.ts';

/**
 * `npm run web`: starts browser mode and opens the default browser.
 *
 * Flags: --port N (default: a free port), --no-open, --data-dir DIR, --json (print one JSON
 * line with url/port/dataDir, for scripts and tests).
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({
  options: { port: { type: 'string' }, 'no-open': { type: 'boolean' }, 'data-dir': { type: 'string' }, json: { type: 'boolean' } },
});
const port = values.port ? Number(values.port) : 0;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a number from 0 to 65535, got ${values.port}`);
  process.exit(2);
}
const version = (JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string }).version;
const dataDir = values['data-dir'] ? resolve(values['data-dir']) : defaultDataDir();

function openBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'cmd' : 'xdg-open';
  const args = process.platform === 'win32' ? ['/c', 'start', '""', url] : [url];
  const child = spawn(cmd, args, { detached: true, stdio: 'ignore' });
  child.on('error', () => console.log('Could not open a browser automatically; open the URL above yourself.'));
  child.unref();
}

try {
  const server = await startWebServer({ dataDir, rendererDir: resolve(root, 'dist/renderer'), version, port });
  if (values.json) {
    console.log(JSON.stringify({ url: server.url, port: server.port, origin: server.origin, dataDir }));
  } else {
    console.log(`FHIR Auth Explorer (browser mode) is running.\n  Open: ${server.url}\n  Data: ${dataDir}\n  Secrets are encrypted with a key file in the data folder (not the OS keychain). Press Ctrl+C to stop.`);
  }
  if (!values['no-open'] && !values.json) openBrowser(server.url);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (e) {
  const err = e as NodeJS.ErrnoException;
  console.error(err.code === 'EADDRINUSE' ? `Port ${port} is in use; pick another with --port or omit it for a free one.` : `Could not start browser mode: ${err.message}`);
  process.exit(1);
}
