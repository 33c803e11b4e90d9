import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type EnvironmentOptions } from 'vite';

const r = (p: string) => resolve(import.meta.dirname, p);
const pkg = JSON.parse(readFileSync(r('package.json'), 'utf8')) as { dependencies?: Record<string, string> };
const runtimeDeps = Object.keys(pkg.dependencies ?? {});
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const isRuntimeDep = (id: string) => runtimeDeps.some((d) => id === d || id.startsWith(`${d}/`));

/**
 * Electron main: one ESM file. Packages in `dependencies` stay external (electron-builder
 * packs them); our own code and everything else is bundled.
 */
const electronMain: EnvironmentOptions = {
  consumer: 'server',
  resolve: { noExternal: true, external: ['electron', ...runtimeDeps] },
  build: {
    outDir: r('dist/main'), emptyOutDir: false, minify: false, copyPublicDir: false, sourcemap: true,
    rolldownOptions: {
      // tree-thread: the console's JSON tree worker (main/services/console/tree/tree-host.ts loads ./tree-thread.mjs).
      input: { main: r('main/main.ts'), 'tree-thread': r('main/services/console/tree/tree-thread.ts') },
      external: (id) => id === 'electron' || isRuntimeDep(id) || nodeBuiltins.includes(id),
      output: { format: 'esm', entryFileNames: '[name].mjs' },
    },
  },
};

/** The sandboxed preload: a single CommonJS file that requires only `electron`. */
const electronPreload: EnvironmentOptions = {
  consumer: 'server',
  resolve: { noExternal: true, external: ['electron'] },
  build: {
    outDir: r('dist/main'), emptyOutDir: false, minify: false, copyPublicDir: false, sourcemap: false,
    rolldownOptions: { input: { preload: r('main/preload.ts') }, output: { format: 'cjs', entryFileNames: '[name].cjs' } },
  },
};

/** Builds the renderer (browser), Electron main and the preload with one `vite build`. */
export default defineConfig({
  root: r('renderer'),
  base: './',
  plugins: [react()],
  build: { outDir: r('dist/renderer'), emptyOutDir: true, chunkSizeWarningLimit: 900 },
  environments: { client: {}, electron_main: electronMain, electron_preload: electronPreload },
  builder: {},
});
