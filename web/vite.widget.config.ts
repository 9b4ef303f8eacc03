// widget.js: one small script a shop puts on its own pages; a stable name, no hash, no Vue.
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import { OUT_DIR } from './vite.config.ts'

const here = dirname(fileURLToPath(import.meta.url))

export default defineConfig({
  build: {
    outDir: OUT_DIR,
    emptyOutDir: false,
    lib: {
      entry: resolve(here, 'buyer/widget.ts'),
      name: 'KefuWidget',
      formats: ['iife'],
      fileName: () => 'widget.js',
    },
  },
})
