import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * src/early.ts is an entry of its own (the page's first script: it opens the API socket and asks for the
 * chart's history before the workspace's bundle is parsed); this puts it first in the built page's head.
 */
function earlyScriptFirst(): Plugin {
  return {
    name: 'halyard-early-script-first',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        const early = Object.values(context.bundle ?? {}).find((chunk) => chunk.type === 'chunk' && chunk.isEntry && chunk.name === 'early');
        if (!early) throw new Error('the build has no "early" entry (src/early.ts)');
        return [{ tag: 'script', attrs: { type: 'module', crossorigin: true, src: `./${early.fileName}` }, injectTo: 'head-prepend' }];
      },
    },
  };
}

// One build tool for all three targets: this config builds the renderer; electron/vite.config.ts builds main and preload.
export default defineConfig({
  root,
  base: './',
  plugins: [react(), earlyScriptFirst()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 2_000,
    rollupOptions: {
      input: { index: fileURLToPath(new URL('index.html', import.meta.url)), early: fileURLToPath(new URL('src/early.ts', import.meta.url)) },
    },
  },
});
