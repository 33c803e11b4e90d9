import { existsSync, readdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { FoundImport } from './import-scan.ts';

/**
 * Checks of the house's layout: import cycles (between files, and between concept folders that
 * are not nested in each other), imports that bypass a concept folder's `index.ts`, and folders
 * that hold too many files or a pile of files told apart by a name prefix.
 */

const folderOf = (file: string) => posix.dirname(file);
const within = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);

/** Strongly connected components of more than one node (Tarjan). */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do { w = stack.pop()!; onStack.delete(w); scc.push(w); } while (w !== v);
      if (scc.length > 1) found.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

const isTestFile = (f: string) => /\.(test|spec)\.tsx?$/.test(f);

/** Import cycles between source files (tests left out). */
export function fileCycles(imports: FoundImport[]): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const i of imports) {
    if (!i.target || isTestFile(i.file)) continue;
    if (!graph.has(i.file)) graph.set(i.file, new Set());
    graph.get(i.file)!.add(i.target);
  }
  return cycles(graph);
}

/**
 * Import cycles between folders that are not nested in each other: a concept's sub-folders may
 * use the shared pieces at its root (inward), but two sibling concepts never depend on each other
 * both ways.
 */
export function folderCycles(imports: FoundImport[]): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const i of imports) {
    if (!i.target || isTestFile(i.file)) continue;
    const a = folderOf(i.file);
    const b = folderOf(i.target);
    if (a === b || within(a, b) || within(b, a)) continue;
    if (!graph.has(a)) graph.set(a, new Set());
    graph.get(a)!.add(b);
  }
  return cycles(graph);
}

/** Test code may reach into a concept's internals; production code may not. */
const isTestCode = (f: string) => isTestFile(f) || /(^|\/)testing\//.test(f);

/**
 * Imports that reach into a concept folder (one with an `index.ts`) from outside it without
 * going through that `index.ts`.
 */
export function bypassedFaces(root: string, imports: FoundImport[]): FoundImport[] {
  const hasIndex = new Map<string, boolean>();
  const isFace = (folder: string) => {
    if (!hasIndex.has(folder)) hasIndex.set(folder, existsSync(join(root, folder, 'index.ts')));
    return hasIndex.get(folder)!;
  };
  return imports.filter((i) => {
    if (!i.target || isTestCode(i.file)) return false;
    // The deepest concept folder holding the target that the importer is outside of.
    const parts = folderOf(i.target).split('/');
    for (let n = parts.length; n > 0; n--) {
      const folder = parts.slice(0, n).join('/');
      if (within(i.file, folder)) return false;
      if (isFace(folder)) return i.target !== `${folder}/index.ts`;
    }
    return false;
  });
}

/** Every folder under `top` with its source files (tests and declarations left out). */
export function sourceFolders(root: string, top: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const walk = (dir: string) => {
    const files: string[] = [];
    for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      if (e.isDirectory()) walk(`${dir}/${e.name}`);
      else if (/\.(ts|tsx)$/.test(e.name) && !isTestFile(e.name) && !e.name.endsWith('.d.ts')) files.push(e.name);
    }
    out.set(dir, files);
  };
  walk(top);
  return out;
}

/** Name prefixes (the part before the first dash) that four or more files of one folder share. */
export function crowdedPrefixes(files: string[]): string[] {
  const counts = new Map<string, number>();
  for (const f of files) {
    const m = /^([a-z0-9]+)-/.exec(f);
    if (m) counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
  }
  return [...counts].filter(([, n]) => n >= 4).map(([p]) => p);
}
