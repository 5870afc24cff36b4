/** The warning catalogue is the vendor's (seed 003), word for word: code, severity, description. */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  WARNING_CATALOGUE,
  WARNING_CODES,
} from '../../../electron/shared/documents/document-warnings'
import {
  DECISION_LABELS,
  DECISION_TYPES,
} from '../../../electron/shared/documents/document-decision.policy'
import { SHARED_DIR } from '../../support/shared-data'

const seed = (prefix: string) => {
  const dir = join(SHARED_DIR, 'seeds')
  const file = readdirSync(dir).find((f) => f.startsWith(prefix))
  if (file === undefined) throw new Error(`seed ${prefix}* not found in ${dir}`)
  return readFileSync(join(dir, file), 'utf8')
}

describe('vocabulary from the seeds', () => {
  const rows = new Map<string, { severity: string; description: string }>()
  for (const line of seed('003_').split('\n')) {
    const cols = line.split('|').map((c) => c.trim())
    if (cols.length >= 4 && /^[A-Z_0-9]+$/.test(cols[0]!)) {
      rows.set(cols[0]!, { severity: cols[1]!, description: cols[3]! })
    }
  }

  it.each(WARNING_CODES)('%s matches seed 003', (code) => {
    const row = rows.get(code)
    expect(row, `${code} is in seed 003`).toBeDefined()
    expect(WARNING_CATALOGUE[code].severity).toBe(row!.severity)
    expect(WARNING_CATALOGUE[code].description).toBe(row!.description)
  })

  it('uses only decision types and labels of seed 001', () => {
    const text = seed('001_')
    for (const t of DECISION_TYPES) expect(text).toContain(t)
    for (const l of DECISION_LABELS) expect(text, l).toMatch(new RegExp(`\\n${l}\\s*\\n`))
  })
})
