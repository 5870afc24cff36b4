import { describe, expect, it } from 'vitest'
import { numberOption } from '../../electron/cli/output'

describe('numberOption', () => {
  it.each([
    ['300', { min: 50, max: 1200 }, 300],
    ['0', { min: 0, max: 10 }, 0],
    ['0.25', { min: 0, max: 1, whole: false }, 0.25],
    ['-5', { min: -10, max: 10 }, -5],
  ])('%j in %j → %d', (v, range, n) => {
    expect(numberOption(v, '--x', range)).toBe(n)
  })

  it.each([
    ['', { min: 0, max: 10 }, '--x is a whole number from 0 to 10 (got "")'],
    ['  ', { min: 0, max: 10 }, '--x is a whole number from 0 to 10 (got "  ")'],
    ['eighty', { min: 0, max: 65535 }, '--x is a whole number from 0 to 65535 (got "eighty")'],
    ['1.5', { min: 0, max: 10 }, '--x is a whole number from 0 to 10 (got "1.5")'],
    ['11', { min: 0, max: 10 }, '--x is a whole number from 0 to 10 (got "11")'],
    ['Infinity', { min: 0, max: 1, whole: false }, '--x is a number from 0 to 1 (got "Infinity")'],
    ['-0.1', { min: 0, max: 1, whole: false }, '--x is a number from 0 to 1 (got "-0.1")'],
  ])('refuses %j in %j in one line', (v, range, message) => {
    expect(() => numberOption(v, '--x', range)).toThrow(message)
  })
})
