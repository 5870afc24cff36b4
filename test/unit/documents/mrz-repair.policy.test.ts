import { describe, expect, it } from 'vitest'
import { failedChecks } from '../../../electron/shared/documents/mrz-layout'
import { repairMrz } from '../../../electron/shared/documents/mrz-repair.policy'

const TD3 = [
  'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<',
  'L898902C36UTO7408122F1204159ZE184226B<<<<<10',
]
const TD1 = [
  'IDCHES0002068<8<<<<<<<<<<<<<<<',
  '8102287F1301014CHE<<<<<<<<<<<4',
  'VADIS<<QUO<<<<<<<<<<<<<<<<<<<<',
]

const put = (lines: string[], l: number, c: number, ch: string): string[] =>
  lines.map((row, i) => (i === l ? row.slice(0, c) + ch + row.slice(c + 1) : row))

describe('MRZ repair', () => {
  it('leaves a correct read alone', () => {
    expect(repairMrz('TD3', TD3)).toEqual({ lines: TD3, repairs: [] })
  })

  it.each([
    ['O read for 0 in a date', 1, 15, 'O', '0'],
    ['I read for 1 in a check digit', 1, 42, 'I', '1'],
    ['0 read for O in the nationality', 1, 12, '0', 'O'],
    ['5 read for S in a name', 0, 10, '5', 'S'],
  ])('fixes by character class: %s', (_name, l, c, wrong, right) => {
    const r = repairMrz('TD3', put(TD3, l, c, wrong))
    expect(r.lines).toEqual(TD3)
    expect(r.repairs).toEqual([{ line: l, column: c, from: wrong, to: right, reason: 'class' }])
  })

  it('settles O/0 in a document number by the check digits, preferring the digit', () => {
    const r = repairMrz('TD1', put(TD1, 0, 6, 'O'))
    expect(r.lines).toEqual(TD1)
    expect(r.repairs).toEqual([{ line: 0, column: 6, from: 'O', to: '0', reason: 'check' }])
  })

  it('fills one illegible document-number character when the check digits agree on one', () => {
    const r = repairMrz('TD3', put(TD3, 1, 3, '?'))
    expect(r.lines).toEqual(TD3)
    expect(r.repairs[0]).toMatchObject({ line: 1, column: 3, from: '?', to: '8', reason: 'check' })
  })

  it('does not "repair" a genuinely wrong check digit into a valid document', () => {
    // The printed check digit itself is altered: no look-alike swap may make it hold.
    const altered = put(TD3, 1, 9, '7')
    const r = repairMrz('TD3', altered)
    expect(failedChecks('TD3', r.lines)).toContain('document number')
  })

  it('never breaks a check digit that held', () => {
    for (let c = 0; c < 9; c++) {
      const r = repairMrz('TD3', put(TD3, 1, c, '?'))
      const still = failedChecks('TD3', r.lines).filter(
        (f) => f !== 'document number' && f !== 'composite',
      )
      expect(still, `column ${c}`).toEqual([])
    }
  })
})
