/**
 * A job's local checks in plain words: one row per check with its decision, from whatever the
 * face engine (local_checks.face), the document checks (local_checks.document) and the liveness
 * session (metadata.liveness) stored. Pure; unknown or missing parts are simply not shown.
 */
export type RowDecision = 'PASSED' | 'WARNING' | 'REJECTED' | 'NOT_EXECUTED'

export interface CheckRow {
  id:
    | 'active'
    | 'active_off'
    | 'quality'
    | 'passive'
    | 'enrolled'
    | 'document_match'
    | 'duplicates'
    | 'document'
  decision: RowDecision
  /** 0..1 score where the check has one (passive liveness probability, match similarity). */
  score: number | null
  /** The core's one-line reason (English, for staff) when not passed. */
  reason: string | null
}

export interface CheckSummary {
  overall: RowDecision | null
  rows: CheckRow[]
  warnings: { code: string; description: string }[]
}

type Obj = Record<string, unknown>
const obj = (v: unknown): Obj | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : null
const DECISIONS: readonly string[] = ['PASSED', 'WARNING', 'REJECTED', 'NOT_EXECUTED']
const decisionOf = (v: unknown): RowDecision | null => {
  const d = obj(v)?.decision
  return typeof d === 'string' && DECISIONS.includes(d) ? (d as RowDecision) : null
}
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null)

function row(id: CheckRow['id'], part: unknown, scoreKey?: string): CheckRow | null {
  const decision = decisionOf(part)
  if (decision === null) return null
  const o = obj(part) ?? {}
  return {
    id,
    decision,
    score: scoreKey === undefined ? null : num(o[scoreKey]),
    reason: decision === 'PASSED' ? null : str(o.reason),
  }
}

export function checkSummary(localChecks: unknown, metadata: unknown): CheckSummary {
  const rows: CheckRow[] = []
  const live = obj(obj(metadata)?.liveness)
  if (live !== null) {
    const a = live.active
    rows.push({
      id: a === 'off' ? 'active_off' : 'active',
      decision: a === 'passed' ? 'PASSED' : a === 'failed' ? 'REJECTED' : 'NOT_EXECUTED',
      score: null,
      reason: a === 'failed' ? str(live.reason) : null,
    })
  }
  const face = obj(obj(localChecks)?.face)
  const parts: [CheckRow['id'], unknown, string?][] = [
    ['quality', face?.quality],
    ['passive', face?.liveness, 'score'],
    ['enrolled', face?.enrolledMatch, 'similarity'],
    ['document_match', face?.documentMatch, 'similarity'],
    ['duplicates', face?.duplicates],
    ['document', obj(localChecks)?.document],
  ]
  for (const [id, part, key] of parts) {
    const r = row(id, part, key)
    if (r !== null) rows.push(r)
  }
  const warnings = (Array.isArray(face?.warnings) ? face.warnings : [])
    .map(obj)
    .filter((w): w is Obj => w !== null && typeof w.code === 'string')
    .map((w) => ({ code: String(w.code), description: str(w.description) ?? '' }))
  const faceOverall = decisionOf(face)
  const worst = worstOf([
    ...(faceOverall === null ? [] : [faceOverall]),
    ...rows.map((r) => r.decision),
  ])
  return { overall: worst, rows, warnings }
}

const ORDER: RowDecision[] = ['REJECTED', 'WARNING', 'PASSED', 'NOT_EXECUTED']
function worstOf(ds: RowDecision[]): RowDecision | null {
  for (const d of ORDER) if (ds.includes(d)) return d
  return null
}
