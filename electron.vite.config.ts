import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { collectBuildInfo, packageOfModule } from './src-main/about/buildInfo';
import { BUILD_INFO_FILE } from './src-main/about/about';

/**
 * Every `*.worker.ts` under src-main is an entry of its own (worker_threads loads a worker by
 * its file, `out/main/<name>.js`), found here so that a new worker needs no line in this file.
 */
function workerEntries(): Record<string, string> {
  const files = readdirSync(resolve(__dirname, 'src-main'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.worker.ts'));
  return Object.fromEntries(files.map((f) => [f.replace(/^.*[\\/]/, '').replace(/\.ts$/, ''), resolve(__dirname, 'src-main', f)]));
}

/**
 * Writes `out/buildInfo.json` for the about box (src-main/about): version, commit, and the
 * licences of the installed production dependencies and of every npm package compiled into a
 * bundle. One instance serves the three builds (main, preload, renderer): the packages met are
 * gathered across them and the file is rewritten after each, so the last one holds them all.
 */
function buildInfoPlugin(): Plugin {
  const bundled = new Set<string>();
  return {
    name: 'riskatlas-build-info',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        for (const id of Object.keys(chunk.modules)) {
          const pkg = packageOfModule(id);
          if (pkg) bundled.add(pkg);
        }
      }
    },
    writeBundle(options) {
      writeFileSync(join(dirname(options.dir!), BUILD_INFO_FILE), JSON.stringify(collectBuildInfo(__dirname, bundled), null, 1));
    },
  };
}
const buildInfo = buildInfoPlugin();

export default defineConfig({
  main: {
    plugins: [buildInfo],
    build: {
      outDir: 'out/main',
      // proj4's Node entry is a 300 KB CommonJS file that Node's ESM loader scans for exports
      // at every start (0.1–0.2 s of `riskatlas inspect`); bundled from its ES modules instead.
      externalizeDeps: { exclude: ['proj4'] },
      // Three kinds of entry: the Electron main process (index), the command line with the
      // loopback server (cli, src-main/cli/bin.ts: it follows the CLI's imports, so a new command
      // needs nothing here), and the workers. Shared chunks go beside the entries (not in
      // chunks/): the engine, bundled into a shared chunk, finds a worker entry relative to its
      // own file (`./runModel.worker.js`).
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src-main/main/index.ts'),
          cli: resolve(__dirname, 'src-main/cli/bin.ts'),
          ...workerEntries(),
        },
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    plugins: [buildInfo],
    build: {
      outDir: 'out/preload',
      // A CommonJS preload keeps the renderer sandboxed (an ESM preload forces sandbox: false).
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-main/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    plugins: [react(), buildInfo],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } },
    },
  },
});
