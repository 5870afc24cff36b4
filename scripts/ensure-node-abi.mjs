#!/usr/bin/env node
// better-sqlite3 is built for one ABI at a time. After `npm run rebuild:electron` (or packaging) it
// no longer loads under plain Node, which the CLI and tests need: rebuild it for Node then.
import { spawnSync } from 'node:child_process'

const probe = spawnSync(
  process.execPath,
  ['-e', "new (require('better-sqlite3'))(':memory:').close()"],
  {
    encoding: 'utf8',
  },
)
if (probe.status === 0) process.exit(0)
if (!/NODE_MODULE_VERSION|was compiled against a different Node\.js version/.test(probe.stderr)) {
  console.error(probe.stderr.trim())
  console.error('better-sqlite3 does not load; run `npm ci` again.')
  process.exit(1)
}
console.log('better-sqlite3 is built for Electron; rebuilding it for Node (a minute)…')
const rebuild = spawnSync('npm', ['rebuild', 'better-sqlite3'], { stdio: 'inherit' })
process.exit(rebuild.status ?? 1)
