/**
 * Entry point of `npm run sandbox` (node --experimental-websocket --import tsx main/sandbox/cli.ts).
 *
 * Why: a standalone way to run the app's local SMART sandbox for people testing their own code.
 */
import { runCli } from './cli-run.ts';

runCli(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
