import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The model-run worker is its own entry so worker_threads can load it beside index.js.
      // Shared chunks go beside the entries too (not in chunks/): the engine, bundled into a
      // shared chunk, finds the worker entry relative to its own file (`./runModel.worker.js`).
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src-main/main/index.ts'),
          'runModel.worker': resolve(__dirname, 'src-main/engine/pipeline/workers/runModel.worker.ts'),
        },
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
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
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } },
    },
  },
});
