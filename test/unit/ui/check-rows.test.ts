import { describe, expect, it } from 'vitest'
import { checkSummary } from '../../../electron/shared/ui/check-summary.policy'

// The shape the face engine stores in local_checks (electron/core/face/face-checks.service.ts).
const face = {
  decision: 'WARNING',
  label: 'REPEATED_FACE',
  warnings: [
    { code: 'REPEATED_FACE', severity: 'Medium', confidence: 0.8, description: 'Seen before.' },
  ],
  quality: { decision: 'PASSED', label: 'OK' },
  liveness: { decision: 'PASSED', label: 'OK', score: 0.97, threshold: 0.5, live: true },
  duplicates: { decision: 'WARNING', label: 'REPEATED_FACE', reason: 'matches cust-7' },
  enrolledMatch: {
    decision: 'NOT_EXECUTED',
    label: 'PRECONDITION_NOT_FULFILLED',
    reason: 'no template',
    similarity: null,
  },
}

describe('checkSummary', () => {
  it('turns the stored checks and the liveness record into rows, worst decision overall', () => {
    const s = checkSummary({ face }, { liveness: { active: 'passed' } })
    expect(s.rows.map((r) => [r.id, r.decision])).toEqual([
      ['active', 'PASSED'],
      ['quality', 'PASSED'],
      ['passive', 'PASSED'],
      ['enrolled', 'NOT_EXECUTED'],
      ['duplicates', 'WARNING'],
    ])
    expect(s.overall).toBe('WARNING')
    expect(s.rows.find((r) => r.id === 'passive')?.score).toBe(0.97)
    expect(s.rows.find((r) => r.id === 'duplicates')?.reason).toBe('matches cust-7')
    expect(s.warnings).toEqual([{ code: 'REPEATED_FACE', description: 'Seen before.' }])
  })

  it.each([
    ['passed', 'active', 'PASSED'],
    ['failed', 'active', 'REJECTED'],
    ['off', 'active_off', 'NOT_EXECUTED'],
  ])('liveness %s → %s %s', (active, id, decision) => {
    expect(checkSummary(null, { liveness: { active } }).rows).toEqual([
      { id, decision, score: null, reason: null },
    ])
  })

  it('a rejected part makes the whole job "not passed"', () => {
    const s = checkSummary(
      { face: { ...face, quality: { decision: 'REJECTED', reason: 'no face' } } },
      {},
    )
    expect(s.overall).toBe('REJECTED')
  })

  it('shows document checks beside the face ones when they exist', () => {
    const s = checkSummary({ document: { decision: 'WARNING', reason: 'glare' } }, {})
    expect(s.rows).toEqual([{ id: 'document', decision: 'WARNING', score: null, reason: 'glare' }])
  })

  it.each([
    null,
    undefined,
    'text',
    [],
    { face: 'odd' },
    { face: { quality: { decision: 'MAYBE' } } },
  ])('ignores what it does not understand: %o', (checks) => {
    expect(checkSummary(checks, null)).toEqual({ overall: null, rows: [], warnings: [] })
  })
})
