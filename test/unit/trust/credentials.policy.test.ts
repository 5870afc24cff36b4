import { describe, expect, it } from 'vitest'
import {
  afterFailure,
  afterSuccess,
  checkSession,
  lockedUntil,
  secretProblem,
} from '../../../electron/shared/trust/credentials.policy'

describe('secretProblem', () => {
  it.each([
    ['', /at least 6/],
    ['12345', /at least 6/],
    ['000000', /repeat one character/],
    ['aaaaaaaa', /repeat one character/],
    ['123456', /run of digits/],
    ['987654', /run of digits/],
    ['0123456789', /run of digits/],
    ['482913', null],
    ['135790', null],
    ['correct horse', null],
    ['abcdef', null],
  ])('%j → %s', (secret, problem) => {
    const p = secretProblem(secret)
    if (problem === null) expect(p).toBeNull()
    else expect(p).toMatch(problem)
  })
})

describe('lock-out', () => {
  const rules = { maxFailedAttempts: 3, lockoutMinutes: 15 }
  const t0 = new Date('2026-01-01T10:00:00Z')

  it('counts failures and locks on the last allowed one', () => {
    let s = afterSuccess()
    s = afterFailure(s, t0, rules)
    expect(s).toEqual({ failedAttempts: 1, lockedUntil: null })
    s = afterFailure(s, t0, rules)
    expect(s).toEqual({ failedAttempts: 2, lockedUntil: null })
    s = afterFailure(s, t0, rules)
    expect(s).toEqual({ failedAttempts: 3, lockedUntil: '2026-01-01T10:15:00.000Z' })
  })

  it.each([
    ['before the end', '2026-01-01T10:14:59Z', true],
    ['at the end', '2026-01-01T10:15:00Z', false],
    ['after the end', '2026-01-01T11:00:00Z', false],
  ])('is locked %s: %s', (_n, at, locked) => {
    const s = { failedAttempts: 3, lockedUntil: '2026-01-01T10:15:00.000Z' }
    expect(lockedUntil(s, new Date(at)) !== null).toBe(locked)
  })

  it('locks again at once on the next failure after a lock ends (no fresh guesses)', () => {
    const later = new Date('2026-01-01T11:00:00Z')
    const s = afterFailure(
      { failedAttempts: 3, lockedUntil: '2026-01-01T10:15:00.000Z' },
      later,
      rules,
    )
    expect(s).toEqual({ failedAttempts: 3, lockedUntil: '2026-01-01T11:15:00.000Z' })
  })

  it('is reset by a right secret', () => {
    expect(afterSuccess()).toEqual({ failedAttempts: 0, lockedUntil: null })
  })
})

describe('checkSession', () => {
  const start = new Date('2026-01-01T08:00:00Z')
  const at = (iso: string) => new Date(iso)
  it.each([
    ['active within the idle time', '2026-01-01T08:04:59Z', '2026-01-01T08:00:00Z', true, ''],
    [
      'idle for the timeout',
      '2026-01-01T08:05:00Z',
      '2026-01-01T08:00:00Z',
      false,
      'signed out after 5 min idle',
    ],
    [
      'busy all day, past the shift limit',
      '2026-01-01T20:00:00Z',
      '2026-01-01T19:59:00Z',
      false,
      'signed out after 12 hours',
    ],
  ])('%s', (_n, now, last, active, reason) => {
    const c = checkSession({ startedAt: start, lastActivityAt: at(last) }, at(now), 300)
    expect(c.active).toBe(active)
    if (!c.active) expect(c.reason).toBe(reason)
  })
})
