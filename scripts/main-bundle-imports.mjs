#!/usr/bin/env node
// @ts-check
/**
 * Prints the npm packages the built Electron main (dist/main/main.mjs) imports at runtime, one
 * per line, so the packaging smoke check can assert each is inside app.asar. Node built-ins and
 * electron itself are left out.
 *
 * Usage: node scripts/main-bundle-imports.mjs [path/to/main.mjs]
 */
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';

const file = process.argv[2] ?? 'dist/main/main.mjs';
const source = readFileSync(file, 'utf8');
const patterns = [
  /(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]/g,
  /(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g,
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
];
const packages = new Set();
for (const pattern of patterns) {
  for (const match of source.matchAll(pattern)) {
    const spec = match[1] ?? '';
    if (!spec || spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:') || spec === 'electron') continue;
    if (builtinModules.includes(spec.split('/')[0] ?? '')) continue;
    packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
  }
}
console.log([...packages].sort().join('\n'));
