#!/usr/bin/env node
// The `kiosk` command. The CLI is TypeScript compiled by `npm run build` into out/main/cli.js.
import { existsSync } from 'node:fs'

// KIOSK_OUT_DIR: the build folder (default out/), relative to the repository root.
const entry = new URL(`../${process.env.KIOSK_OUT_DIR ?? 'out'}/main/cli.js`, import.meta.url)
if (!existsSync(entry)) {
  process.stderr.write('kiosk: the app is not built yet; run `npm run build` (see README.md)\n')
  process.exit(1)
}
const { main } = await import(entry.href)
process.exitCode = await main(process.argv)
