#!/usr/bin/env node
// Copies model weights from the shared folder into models/ and checks every sha256 against
// models/manifest.json. Weights are never committed. Usage: node scripts/provision-models.mjs [--strict]
//   KIOSK_SHARED_DIR  folder holding models/ (default: ../shared next to this repo)
//   --strict          exit 1 if a required model is missing or wrong (CI)
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const sharedDir = resolve(process.env.KIOSK_SHARED_DIR ?? join(root, '..', 'shared'))
const source = join(sharedDir, 'models')
const dest = join(root, 'models')
const strict = process.argv.includes('--strict')
const { models } = JSON.parse(readFileSync(join(dest, 'manifest.json'), 'utf8'))

const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex')
const problems = []
for (const m of models) {
  const target = join(dest, m.file)
  if (existsSync(target) && sha256(target) === m.sha256) {
    console.log(`ok       ${m.file}`)
    continue
  }
  const from = join(source, m.file)
  if (!existsSync(from)) {
    const line = `missing  ${m.file}: not in ${source}${m.optional ? ' (optional)' : ''}`
    console.log(line)
    if (!m.optional) problems.push(line)
    continue
  }
  copyFileSync(from, target)
  const got = sha256(target)
  if (got !== m.sha256) {
    const line = `WRONG    ${m.file}: sha256 ${got} ≠ manifest ${m.sha256}`
    console.log(line)
    problems.push(line)
    continue
  }
  console.log(`copied   ${m.file}`)
}
if (problems.length > 0) {
  console.log(
    `\n${problems.length} required model(s) not provisioned. Face checks will report them by name.`,
  )
  console.log(`Point KIOSK_SHARED_DIR at a folder with models/ (see models/README.md).`)
  if (strict) process.exit(1)
}
