import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'

// KIOSK_OUT_DIR lets parallel builds (several worktrees' tests at once) use separate folders.
const OUT = process.env.KIOSK_OUT_DIR ?? 'out'

// One build for every entry: the Electron main process, the plain-Node CLI (which also runs the
// browser host), the sandboxed preload, and the React renderer.
export default defineConfig({
  main: {
    build: {
      outDir: `${OUT}/main`,
      rollupOptions: {
        input: {
          index: resolve('electron/main/index.ts'),
          cli: resolve('electron/cli/kiosk.ts'),
          inference: resolve('electron/inference/index.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: `${OUT}/preload`,
      // Sandboxed preloads must be CommonJS and self-contained.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    build: {
      outDir: `${OUT}/renderer`,
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
})
