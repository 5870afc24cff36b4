/**
 * What the integration fuzz tests share: a fingerprint of the whole store, to prove a refusal
 * changed nothing, and the checks every refusal must pass. Case counts: test/support/fuzz.ts.
 */
import { createHash } from 'node:crypto'
import type Database from 'better-sqlite3'
import { expect } from 'vitest'
import { ERROR_CODES, type Result } from '../../../../electron/shared/contract/result'

/**
 * Row counts and a SHA-256 over every row of every table, in rowid order: two equal fingerprints
 * mean not one byte of any job, image, event, setting, audit entry or account changed.
 */
export function storeFingerprint(db: Database.Database): string {
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .pluck()
    .all() as string[]
  const hash = createHash('sha256')
  const counts: string[] = []
  for (const t of tables) {
    const rows = db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).raw().all() as unknown[][]
    counts.push(`${t}=${rows.length}`)
    hash.update(`\u0000${t}\u0000`)
    for (const r of rows) {
      for (const v of r) hash.update(Buffer.isBuffer(v) ? v : `${typeof v}:${String(v)}\u0001`)
    }
  }
  return `${counts.join(',')}#${hash.digest('hex')}`
}

/** Codes a refusal of bad input may carry: never `internal`, always one the UI knows. */
export const INPUT_CODES = new Set(['invalid_input', 'bad_image', 'not_found', 'conflict'])

/** A refusal a person can read: a known code, one line, not a stack trace, not a novel. */
export function expectClearRefusal(
  r: Result<unknown>,
  codes: ReadonlySet<string> = INPUT_CODES,
): asserts r is { ok: false; error: { code: (typeof ERROR_CODES)[number]; message: string } } {
  expect(r.ok, JSON.stringify(r).slice(0, 300)).toBe(false)
  if (r.ok) return
  expect(ERROR_CODES).toContain(r.error.code)
  expect([...codes], r.error.message).toContain(r.error.code)
  expect(r.error.message.length).toBeGreaterThan(0)
  expect(r.error.message).not.toMatch(/[\r\n]/)
  expect(r.error.message).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/)
  expect(r.error.message.length).toBeLessThanOrEqual(1000)
}

export { fuzzParams, rendererValue } from '../../../support/fuzz'
