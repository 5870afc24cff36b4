#!/usr/bin/env node
// Runs every bench/*.bench.ts (each prints one JSON object on its last stdout line), writes them
// all to bench-results/latest.json and prints the combined JSON. `npm run bench -- face` runs
// only benches whose file name contains "face". Needs a build (npm run bench does it first).
import { spawnSync } from 'node:child_process'
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const filter = process.argv.slice(2)
const files = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)))
  .sort()
const results = {
  machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
  benches: {},
}
let failed = 0
for (const f of files) {
  process.stderr.write(`bench ${f} …\n`)
  const r = spawnSync(process.execPath, ['--import', 'tsx', join('bench', f)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  })
  const last = r.stdout.trim().split('\n').at(-1) ?? ''
  try {
    results.benches[f.replace('.bench.ts', '')] = JSON.parse(last)
  } catch {
    failed++
    results.benches[f.replace('.bench.ts', '')] = {
      error: `exit ${r.status}`,
      output: r.stdout.slice(-2000),
    }
  }
}
mkdirSync('bench-results', { recursive: true })
writeFileSync('bench-results/latest.json', JSON.stringify(results, null, 2))
console.log(JSON.stringify(results, null, 2))
process.exit(failed > 0 ? 1 : 0)
