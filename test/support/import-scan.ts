import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** One import found in a source file: what it asks for and, for relative ones, the project path. */
export interface FoundImport {
  file: string;
  specifier: string;
  /** Project-relative path (with / separators) a relative specifier points at; undefined for packages. */
  target?: string;
}

const PATTERNS = [
  /(?:^|[;}\n])\s*import\s+(?:type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
  /(?:^|[;}\n])\s*export\s+(?:type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
  /(?:^|[;}\n])\s*import\s*['"]([^'"]+)['"]/g,
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
];

/** Removes block and line comments so documentation that mentions an import is not counted. */
function stripComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/**
 * Every module specifier a TS/TSX source imports, re-exports, dynamically imports or requires.
 */
export function findImports(code: string, file: string, root: string): FoundImport[] {
  const text = stripComments(code);
  const found: FoundImport[] = [];
  for (const pattern of PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      const specifier = m[1]!;
      const target = specifier.startsWith('.') ? relative(root, resolve(dirname(join(root, file)), specifier)).split(sep).join('/') : undefined;
      found.push({ file, specifier, target });
    }
  }
  return found;
}

/** Project-relative paths (with /) of every .ts/.tsx file under a folder, skipping node_modules. */
export function sourceFiles(root: string, folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (/\.(ts|tsx|mts|cts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(rel);
    }
  };
  walk(folder);
  return out;
}

/** All imports of all sources under a folder. */
export function scanFolder(root: string, folder: string): FoundImport[] {
  return sourceFiles(root, folder).flatMap((f) => findImports(readFileSync(join(root, f), 'utf8'), f, root));
}

/** True for Node built-ins, with or without the node: prefix (fs, node:fs, fs/promises). */
export const isNodeBuiltin = (specifier: string): boolean =>
  specifier.startsWith('node:') || builtinModules.includes(specifier) || builtinModules.includes(specifier.split('/')[0]!);

/** True when a package specifier is the package or one of its subpaths (react matches react/jsx-runtime, not react-dom). */
export const isPackage = (specifier: string, name: string): boolean => specifier === name || specifier.startsWith(`${name}/`);
