import { describe, expect, it } from 'vitest'
import {
  charClass,
  checkDigit,
  failedChecks,
  formatOf,
  LAYOUTS,
} from '../../../electron/shared/documents/mrz-layout'

// ICAO Doc 9303 part 3 §4.9 worked examples and the ICAO specimen MRZs (public text of the spec).
const TD3 = [
  'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<',
  'L898902C36UTO7408122F1204159ZE184226B<<<<<10',
]
const TD2 = ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6']
const TD1 = [
  'I<UTOD231458907<<<<<<<<<<<<<<<',
  '7408122F1204159UTO<<<<<<<<<<<6',
  'ERIKSSON<<ANNA<MARIA<<<<<<<<<<',
]

describe('ICAO 9303 check digits', () => {
  it.each([
    ['520727', 3],
    ['L898902C3', 6],
    ['740812', 2],
    ['120415', 9],
    ['ZE184226B<<<<<', 1],
    ['D23145890', 7],
    ['<<<<<<<<<', 0],
  ])('check digit of %s is %i', (text, digit) => {
    expect(checkDigit(text)).toBe(digit)
  })

  it.each([
    ['TD3', TD3],
    ['TD2', TD2],
    ['TD1', TD1],
  ] as const)('the %s specimen passes every check', (format, lines) => {
    expect(formatOf(lines)).toBe(format)
    expect(failedChecks(format, lines)).toEqual([])
  })

  it.each([
    ['TD3', TD3],
    ['TD2', TD2],
    ['TD1', TD1],
  ] as const)('%s: every check digit changed to any other digit is caught', (format, lines) => {
    for (const field of LAYOUTS[format].checks) {
      const [l, c] = field.digit
      for (let d = 0; d <= 9; d++) {
        const row = lines[l]!
        if (row[c] === String(d)) continue
        const altered = [...lines]
        altered[l] = row.slice(0, c) + String(d) + row.slice(c + 1)
        expect(failedChecks(format, altered), `${field.name} ${d}`).toContain(field.name)
      }
    }
  })

  it('formatOf refuses lines of the wrong count or length', () => {
    expect(formatOf([TD3[0]!])).toBeNull()
    expect(formatOf([TD3[0]!, TD3[1]!.slice(1)])).toBeNull()
  })

  it('knows which positions hold digits, letters or either (TD3 line 2)', () => {
    expect(charClass('TD3', 1, 0)).toBe('alnum') // document number
    expect(charClass('TD3', 1, 9)).toBe('digit') // its check digit
    expect(charClass('TD3', 1, 10)).toBe('alpha') // nationality
    expect(charClass('TD3', 1, 13)).toBe('digit') // birth date
    expect(charClass('TD3', 0, 7)).toBe('alpha') // name
  })
})
