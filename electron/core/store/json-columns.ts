/**
 * The TEXT columns that hold JSON. SQLite's integrity check sees pages and b-trees, never inside a
 * value: bytes a bad disk changed inside one of these leave a file that passes `quick_check` yet
 * cannot be read by the app. The health check looks for such values too (so the store is refused
 * with the way forward, `kiosk db recover`), and recovery repairs them as each column says.
 * The audit log's detail is not here: a changed entry is evidence, reported by `audit verify`.
 */
import { isSecretSetting, SETTING_KEYS } from '../../shared/domain/settings.schema'
import type { Db } from './database'

export interface JsonColumn {
  table: string
  column: string
  /** What recovery puts in place of an unreadable value; 'drop' loses the row. */
  repair: null | '{}' | 'drop'
  /** For a job: what the customer's job lost, in words for the recovery report. */
  lost?: string
  /** Only rows whose `key` is one of these hold JSON (settings keeps sealed secrets beside them). */
  keys?: readonly string[]
}

export const JSON_COLUMNS: readonly JsonColumn[] = [
  { table: 'jobs', column: 'local_checks', repair: null, lost: 'its local check results' },
  { table: 'jobs', column: 'backend_result', repair: null, lost: 'its backend result' },
  { table: 'jobs', column: 'last_error', repair: null },
  { table: 'jobs', column: 'metadata', repair: '{}', lost: 'its capture details' },
  { table: 'job_events', column: 'detail', repair: null },
  { table: 'relay_outbox', column: 'body', repair: 'drop' },
  {
    table: 'settings',
    column: 'value',
    repair: 'drop',
    keys: SETTING_KEYS.filter((k) => !isSecretSetting(k)),
  },
]

/** Whether `value` (as read from the column) is JSON the app can parse; NULL is fine. */
export function isReadableJson(value: unknown): boolean {
  if (value === null || value === undefined) return true
  if (typeof value !== 'string') return false
  try {
    JSON.parse(value)
    return true
  } catch {
    return false
  }
}

/** Whether this row's value in `c` is meant to be JSON. */
export const holdsJson = (c: JsonColumn, row: Record<string, unknown>): boolean =>
  c.keys === undefined || c.keys.includes(String(row.key))

/**
 * "jobs.metadata: 1 row" for every column holding a value that is not JSON. Tables or columns an
 * older schema does not have yet are skipped (the check runs before migrations).
 */
export function unreadableJsonColumns(db: Db): string[] {
  const out: string[] = []
  for (const c of JSON_COLUMNS) {
    const columns = db.pragma(`table_info(${c.table})`) as { name: string }[]
    if (!columns.some((col) => col.name === c.column)) continue
    const keys = c.keys ?? []
    const n = db
      .prepare(
        `SELECT count(*) FROM ${c.table} WHERE ${c.column} IS NOT NULL
        AND (typeof(${c.column}) <> 'text' OR NOT json_valid(${c.column}))
        ${c.keys === undefined ? '' : `AND key IN (${keys.map(() => '?').join(', ')})`}`,
      )
      .pluck()
      .get(...keys) as number
    if (n > 0) out.push(`${c.table}.${c.column}: ${n} unreadable ${n === 1 ? 'value' : 'values'}`)
  }
  return out
}
