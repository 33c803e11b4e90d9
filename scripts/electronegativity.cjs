#!/usr/bin/env node
/**
 * Runs @doyensec/electronegativity with the TypeScript 4 it ships with, and offline.
 *
 * Its parser (@typescript-eslint/typescript-estree, hoisted to the top of node_modules) would
 * otherwise load the project's TypeScript 7, which has no compiler API. This wrapper points
 * that one `require('typescript')` at electronegativity's own nested copy, then starts its CLI.
 *
 * Offline: electronegativity 1.10.3 reaches the network in exactly two places, both through
 * `got` (nothing else in its dist imports http, https, net or fetch):
 * - dist/locales/i18n.js GETs https://electronegativity-i18n.s3.us-west-2.amazonaws.com/<LANG>.json
 *   on every start (that failure is the "Could not retrieve updated translations" line);
 * - AvailableSecurityFixesGlobalCheck HEADs/GETs raw.githubusercontent.com/electron/releases.
 * This machine may reach only loopback, so the wrapper replaces the i18n loader with one that
 * uses the bundled en-US strings, turns the releases download into a no-op, and gives
 * electronegativity's own files a `got` that refuses every request without opening a socket.
 * test/electronegativity.test.ts runs this wrapper under a network tripwire to prove it.
 */
const Module = require('node:module');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
// The real path: require() caches modules under it, so a node_modules reached through a symlink
// (a git worktree sharing another checkout's packages) must not leave the replacements unused.
const eng = require('node:fs').realpathSync(path.join(root, 'node_modules/@doyensec/electronegativity'));
const engDist = path.join(eng, 'dist') + path.sep;
const nestedTs = require.resolve('typescript', { paths: [eng] });

/** Puts a ready-made module into the require cache under `filename`. */
function provide(filename, exports) {
  const m = new Module(filename, module);
  m.filename = filename;
  m.loaded = true;
  m.exports = exports;
  Module._cache[filename] = m;
}

const offlineGot = path.join(engDist, '__offline-got.js');
const refuse = (url) => Promise.reject(new Error(`electronegativity runs offline; refused a request to ${String(url)}`));
provide(offlineGot, Object.assign((url) => refuse(url), { get: refuse, head: refuse, post: refuse, stream: () => { throw new Error('electronegativity runs offline'); } }));

let prepared = false;

/** Installs the TypeScript redirect and the offline replacements (once). */
function prepare() {
  if (prepared) return;
  prepared = true;
  const original = Module._resolveFilename;
  Module._resolveFilename = function (request, parent, ...rest) {
    const from = parent && parent.filename ? parent.filename : '';
    if (request === 'typescript' && from.includes(`${path.sep}@typescript-eslint${path.sep}`)) return nestedTs;
    if (request === 'got' && from.startsWith(engDist)) return offlineGot;
    return original.call(this, request, parent, ...rest);
  };

  // The bundled translations, never the S3 download (index.js and runner.js both call this).
  const i18n = require(require.resolve('i18n', { paths: [eng] }));
  provide(path.join(engDist, 'locales/i18n.js'), function offlineI18n() {
    i18n.configure({
      locales: ['en-US', 'es-ES', 'fr-FR'], defaultLocale: 'en-US', directory: path.join(engDist, 'locales'),
      updateFiles: false, objectNotation: true, retryInDefaultLocale: true, register: global,
    });
    i18n.setLocale('en-US');
    return Promise.resolve();
  });

  // Without a downloaded release list the check reports nothing, which is all it can do offline.
  const releasesCheck = require(path.join(engDist, 'finder/checks/GlobalChecks/AvailableSecurityFixesGlobalCheck.js'));
  releasesCheck.prototype.updateReleasesList = async () => false;
}

/**
 * electronegativity's programmatic runner, prepared as above: `run(options)` resolves to
 * `{ issues, errors }` with each issue's severity and confidence (its CSV writer races its own
 * header write, and SARIF drops severity, so tests read this instead).
 */
function offlineRunner() {
  prepare();
  return require(path.join(engDist, 'runner.js'));
}

module.exports = { prepare, offlineRunner };

if (require.main === module) {
  prepare();
  process.argv.splice(1, 1, path.join(eng, 'dist/index.js'));
  require(path.join(eng, 'dist/index.js'));
}
