#!/usr/bin/env node
/**
 * Runs @doyensec/electronegativity with the TypeScript 4 it ships with.
 *
 * Its parser (@typescript-eslint/typescript-estree, hoisted to the top of node_modules) would
 * otherwise load the project's TypeScript 7, which has no compiler API. This wrapper points
 * that one `require('typescript')` at electronegativity's own nested copy, then starts its CLI.
 */
const Module = require('node:module');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const eng = path.join(root, 'node_modules/@doyensec/electronegativity');
const nestedTs = require.resolve('typescript', { paths: [eng] });
const original = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if (request === 'typescript' && parent && parent.filename && parent.filename.includes(`${path.sep}@typescript-eslint${path.sep}`)) return nestedTs;
  return original.call(this, request, parent, ...rest);
};
process.argv.splice(1, 1, path.join(eng, 'dist/index.js'));
require(path.join(eng, 'dist/index.js'));
