import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findImports, isNodeBuiltin, isPackage, scanFolder, sourceFiles, type FoundImport } from './support/import-scan.ts';
import { bypassedFaces, crowdedPrefixes, fileCycles, folderCycles, sourceFolders } from './support/layout-scan.ts';

/**
 * Dependency rules that keep the layers apart: app/ is framework-free, main and renderer never
 * import each other, and only the Electron shell files touch `electron`.
 */
const root = resolve(import.meta.dirname, '..');
const within = (target: string | undefined, folder: string) => !!target && (target === folder || target.startsWith(`${folder}/`));
const show = (list: FoundImport[]) => list.map((i) => `${i.file} imports ${i.specifier}`);

/** Packages that need a DOM or a UI framework; app/ must run anywhere. */
const UI_PACKAGES = ['react', 'react-dom', 'zustand', '@tanstack/react-query', '@tanstack/react-virtual', '@uiw/react-codemirror', '@codemirror', 'vite', '@vitejs/plugin-react', '@playwright/test'];

/** Only these main/ files may import electron: the composition root, the preload, windows and adapters. */
const mayImportElectron = (file: string) =>
  file === 'main/main.ts' || file === 'main/preload.ts' || file.startsWith('main/windows/') || file.startsWith('main/adapters/');

/** Layer rules, each returning the imports that break it. */
function violations() {
  const app = scanFolder(root, 'app');
  const main = scanFolder(root, 'main');
  const renderer = scanFolder(root, 'renderer');
  return {
    app,
    main,
    renderer,
    appFrameworks: app.filter((i) => isPackage(i.specifier, 'electron') || UI_PACKAGES.some((p) => isPackage(i.specifier, p))),
    appNode: app.filter((i) => isNodeBuiltin(i.specifier)),
    appOutward: app.filter((i) => within(i.target, 'main') || within(i.target, 'renderer') || (i.target !== undefined && !within(i.target, 'app'))),
    rendererToMain: renderer.filter((i) => within(i.target, 'main')),
    mainToRenderer: main.filter((i) => within(i.target, 'renderer')),
    electronOutsideShell: main.filter((i) => isPackage(i.specifier, 'electron') && !mayImportElectron(i.file)),
  };
}

describe('import scanner', () => {
  it('finds static, type-only, side-effect, re-export, dynamic and require imports, and resolves relative ones', () => {
    const code = [
      "import { a } from './a.ts';",
      "import type { B } from '../../main/b.ts';",
      "import 'side-effect';",
      "export { c } from 'node:fs';",
      "export * from \"./d.ts\";",
      "const e = await import('electron');",
      "const f = require('react');",
      "import {\n  g,\n  h,\n} from 'zustand';",
      '// import x from "commented-out";',
      '/* import y from "also-commented"; */',
      "const url = 'https://example.com/not-a-comment'; import z from 'after-url';",
    ].join('\n');
    const found = findImports(code, 'app/x/file.ts', '/r');
    expect(found.map((i) => i.specifier).sort()).toEqual(['../../main/b.ts', './a.ts', './d.ts', 'after-url', 'electron', 'node:fs', 'react', 'side-effect', 'zustand'].sort());
    expect(found.find((i) => i.specifier === '../../main/b.ts')?.target).toBe('main/b.ts');
    expect(found.find((i) => i.specifier === './a.ts')?.target).toBe('app/x/a.ts');
  });

  it('tells node built-ins and package subpaths apart', () => {
    expect(['node:fs', 'fs', 'fs/promises', 'path'].every(isNodeBuiltin)).toBe(true);
    expect(['zod', 'react', 'jose', '@medplum/core'].some(isNodeBuiltin)).toBe(false);
    expect(isPackage('react/jsx-runtime', 'react')).toBe(true);
    expect(isPackage('react-dom', 'react')).toBe(false);
  });

  it('scans real sources in every layer', () => {
    expect(sourceFiles(root, 'app').length).toBeGreaterThan(5);
    const v = violations();
    expect(v.app.length).toBeGreaterThan(5);
    expect(v.main.some((i) => i.file === 'main/main.ts' && i.specifier === 'electron')).toBe(true);
    expect(v.renderer.some((i) => isPackage(i.specifier, 'react'))).toBe(true);
  });
});

describe('layer rules', () => {
  const v = violations();

  it('app/ imports no electron, React, DOM or UI packages', () => {
    expect(show(v.appFrameworks)).toEqual([]);
  });

  it('app/ imports no Node built-ins (node:* or bare)', () => {
    expect(show(v.appNode)).toEqual([]);
  });

  it('app/ imports nothing from main/, renderer/ or anywhere outside app/', () => {
    expect(show(v.appOutward)).toEqual([]);
  });

  it('renderer/ never imports main/', () => {
    expect(show(v.rendererToMain)).toEqual([]);
  });

  it('main/ never imports renderer/', () => {
    expect(show(v.mainToRenderer)).toEqual([]);
  });

  it('only main/main.ts, main/preload.ts, main/windows/ and main/adapters/ import electron', () => {
    expect(show(v.electronOutsideShell)).toEqual([]);
  });
});

describe('rooms by concept', () => {
  const all = [...scanFolder(root, 'app'), ...scanFolder(root, 'main'), ...scanFolder(root, 'renderer')];

  it('finds cycles and bypassed faces when they exist (the checks can fail)', () => {
    const fake: FoundImport[] = [
      { file: 'x/a/one.ts', specifier: '../b/two.ts', target: 'x/b/two.ts' },
      { file: 'x/b/two.ts', specifier: '../a/one.ts', target: 'x/a/one.ts' },
    ];
    expect(fileCycles(fake)).toEqual([['x/a/one.ts', 'x/b/two.ts']]);
    expect(folderCycles(fake)).toEqual([['x/a', 'x/b']]);
    expect(bypassedFaces(root, [{ file: 'main/main.ts', specifier: './services/tokens/token-service.ts', target: 'main/services/tokens/token-service.ts' }])).toHaveLength(1);
    expect(crowdedPrefixes(['key-a.ts', 'key-b.ts', 'key-c.ts', 'key-d.ts', 'other.ts'])).toEqual(['key']);
  });

  it('has no import cycles between files', () => {
    expect(fileCycles(all)).toEqual([]);
  });

  it('has no import cycles between concept folders (dependencies point inward)', () => {
    expect(folderCycles(all)).toEqual([]);
  });

  it('reaches another concept only through its index.ts (tests may reach in)', () => {
    expect(show(bypassedFaces(root, all))).toEqual([]);
  });

  it('keeps folders small: at most 16 source files, no four files told apart by a name prefix', () => {
    const crowded: string[] = [];
    for (const top of ['app', 'main', 'renderer']) {
      for (const [folder, files] of sourceFolders(root, top)) {
        if (files.length > 16) crowded.push(`${folder}: ${files.length} source files`);
        for (const p of crowdedPrefixes(files)) crowded.push(`${folder}: several files named ${p}-*`);
      }
    }
    expect(crowded).toEqual([]);
  });
});
