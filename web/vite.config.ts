// The staff app (index.html), the buyer's chat page (chat.html) and the public survey page
// (survey.html), built into the Python package's static folder; Swagger UI's files are copied beside them so /docs needs no CDN.
import { copyFileSync, mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { defineConfig, type Plugin } from 'vite'

const here = dirname(fileURLToPath(import.meta.url))
export const OUT_DIR = resolve(here, '../src/kefu/web/dist')

function swaggerUi(): Plugin {
  const files = ['swagger-ui-bundle.js', 'swagger-ui.css', 'favicon-32x32.png']
  return {
    name: 'kefu-swagger-ui',
    apply: 'build',
    closeBundle() {
      const target = resolve(OUT_DIR, 'swagger')
      mkdirSync(target, { recursive: true })
      for (const file of files) {
        copyFileSync(resolve(here, 'node_modules/swagger-ui-dist', file), resolve(target, file))
      }
    },
  }
}

export default defineConfig({
  plugins: [
    vue(),
    // Element Plus components are imported where a page uses them, so each route's chunk carries
    // only its own; the stylesheet is loaded once in main.ts.
    components({ resolvers: [ElementPlusResolver({ importStyle: false })], dts: false }),
    swaggerUi(),
  ],
  resolve: { alias: { '@': resolve(here, 'src') } },
  build: {
    outDir: OUT_DIR,
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      input: {
        app: resolve(here, 'index.html'),
        chat: resolve(here, 'chat.html'),
        survey: resolve(here, 'survey.html'),
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8000', '/ws': { target: 'ws://127.0.0.1:8000', ws: true } } },
})
