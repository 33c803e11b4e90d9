import { readFile } from 'node:fs/promises';
import { dirname, join, normalize, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

/** One JavaScript file the page loads before it can run: its path and sizes. */
export interface InitialJsFile { file: string; bytes: number; gzipBytes: number }

/** The initial JavaScript of a built page and its total gzip size. */
export interface InitialJs { files: InitialJsFile[]; bytes: number; gzipBytes: number }

/** The renderer's initial-JS budget, gzip: what the first paint may cost on a slow disk or network. */
export const INITIAL_JS_BUDGET_GZIP = 250 * 1024;

const SCRIPT_SRC = /<script\b[^>]*\btype=["']module["'][^>]*\bsrc=["']([^"']+)["'][^>]*>/gi;
const MODULE_PRELOAD = /<link\b[^>]*\brel=["']modulepreload["'][^>]*\bhref=["']([^"']+)["'][^>]*>/gi;
// Static imports only: `import x from "./a.js"`, `import "./a.js"`, `export * from "./a.js"`; never import().
const STATIC_IMPORT = /(?:^|[;\n}])\s*(?:import|export)\s*(?:[\w*${}\s,]+from\s*)?["']([^"']+\.m?js)["']/g;

/**
 * Finds the JavaScript a built index.html loads eagerly (module scripts, modulepreloads and
 * everything they import statically) and measures it, gzip with node:zlib.
 *
 * Lazy chunks (dynamic `import()`) are left out: they load when an area is opened.
 */
export async function measureInitialJs(rendererDir: string): Promise<InitialJs> {
  const html = await readFile(join(rendererDir, 'index.html'), 'utf8');
  const queue = [...html.matchAll(SCRIPT_SRC), ...html.matchAll(MODULE_PRELOAD)]
    .map((m) => m[1]!)
    .filter((src) => !/^[a-z]+:/i.test(src))
    .map((src) => normalize(join(rendererDir, src.split(/[?#]/)[0]!)));
  const seen = new Set<string>();
  const files: InitialJsFile[] = [];
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = await readFile(file);
    files.push({ file: relative(rendererDir, file), bytes: code.length, gzipBytes: gzipSync(code).length });
    for (const m of code.toString('utf8').matchAll(STATIC_IMPORT)) {
      const spec = m[1]!;
      if (spec.startsWith('.') || spec.startsWith('/')) queue.push(normalize(spec.startsWith('/') ? join(rendererDir, spec) : join(dirname(file), spec)));
    }
  }
  return { files, bytes: files.reduce((s, f) => s + f.bytes, 0), gzipBytes: files.reduce((s, f) => s + f.gzipBytes, 0) };
}

/** Kilobytes with one decimal, for the report. */
export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
