/**
 * Copies every row SQLite can still read from a damaged table into a fresh one. better-sqlite3
 * cannot run the shell's `.recover`, and VACUUM INTO stops at the first bad page, so this walks
 * the table by rowid: when a seek lands on a damaged page it probes further ahead (doubling), then
 * narrows back (binary search) to the first rowid past the damage, so only the rows that were on
 * the bad page are lost, not the good ones after it.
 */
import type { Db } from '../store/database'

export interface TableCopy {
  table: string
  copied: number
  /** Rows read but refused by the fresh schema (wrong types after damage, broken constraints). */
  refused: number
  /** Rows copied with a value put right (a JSON column SQLite could not see was damaged). */
  repaired: number
  /** Rowid ranges that could not be read at all. */
  unreadable: { after: number; before: number | null }[]
}

const MIN_ROWID = -(2 ** 53)
const MAX_PROBE = 2 ** 52
const BATCH = 256

/**
 * `repair` may put a row's values right before it is written: 'repaired' (it changed something),
 * 'drop' (the row is of no use; counted as refused) or 'ok'.
 */
export type RowRepair = (row: Record<string, unknown>) => 'ok' | 'repaired' | 'drop'

export function copyReadableRows(
  src: Db,
  dst: Db,
  table: string,
  columns: string[],
  repair: RowRepair = () => 'ok',
): TableCopy {
  const out: TableCopy = { table, copied: 0, refused: 0, repaired: 0, unreadable: [] }
  const cols = columns.map(quoteId).join(', ')
  const read = src.prepare(
    `SELECT rowid AS "__rowid", ${cols} FROM ${quoteId(table)} WHERE rowid > ? ORDER BY rowid LIMIT ?`,
  )
  const insert = dst.prepare(
    `INSERT INTO ${quoteId(table)} (rowid, ${cols}) VALUES (?, ${columns.map(() => '?').join(', ')})`,
  )
  const tryRead = (after: number, limit: number): Record<string, unknown>[] | undefined => {
    try {
      return read.all(after, limit) as Record<string, unknown>[]
    } catch {
      return undefined
    }
  }
  const write = (row: Record<string, unknown>) => {
    const fix = repair(row)
    if (fix === 'drop') {
      out.refused++
      return
    }
    try {
      insert.run(row.__rowid, ...columns.map((c) => row[c]))
      out.copied++
      if (fix === 'repaired') out.repaired++
    } catch {
      out.refused++
    }
  }

  let after = MIN_ROWID
  for (;;) {
    const batch = tryRead(after, BATCH) ?? tryRead(after, 1)
    if (batch !== undefined) {
      if (batch.length === 0) break
      for (const row of batch) write(row)
      after = Number(batch.at(-1)?.__rowid)
      continue
    }
    // Damage right after `after`: find the smallest jump that reads again.
    let step = 1
    while (step <= MAX_PROBE && tryRead(after + step, 1) === undefined) step *= 2
    if (step > MAX_PROBE) {
      out.unreadable.push({ after, before: null })
      break
    }
    let lo = Math.floor(step / 2) // fails (or 0, which failed)
    let hi = step // reads
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2)
      if (tryRead(after + mid, 1) === undefined) lo = mid
      else hi = mid
    }
    const resume = after + hi
    const next = tryRead(resume, 1)?.[0]
    out.unreadable.push({ after, before: next === undefined ? null : Number(next.__rowid) })
    after = resume
  }
  return out
}

export const quoteId = (name: string): string => `"${name.replace(/"/g, '""')}"`
