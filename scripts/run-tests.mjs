#!/usr/bin/env node
// Runs every Vitest project (unit, integration, e2e), then prints one line: "N passed, N failed".
// Pass project names to run only those: node scripts/run-tests.mjs unit integration
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'

const projects = process.argv.slice(2)
mkdirSync('test-results', { recursive: true })
const report = 'test-results/vitest.json'
const args = [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
]
for (const p of projects) args.push('--project', p)
const run = spawnSync('npx', args, { stdio: 'inherit' })

let passed = 0
let failed = 0
try {
  const json = JSON.parse(readFileSync(report, 'utf8'))
  passed = json.numPassedTests
  failed = json.numFailedTests + (json.numTotalTestSuites > 0 ? 0 : 1)
  // A file that fails to load has no tests but is still a failure.
  for (const f of json.testResults ?? []) {
    if (f.status === 'failed' && f.assertionResults.length === 0) failed++
  }
} catch {
  failed = Math.max(1, failed)
}
if (run.status !== 0 && failed === 0) failed = 1
writeFileSync('test-results/summary.json', JSON.stringify({ passed, failed }))
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed > 0 ? 1 : 0)
