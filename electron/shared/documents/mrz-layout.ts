/**
 * ICAO Doc 9303 MRZ layouts (parts 4–6): what kind of character each position may hold and which
 * ranges each check digit protects. Pure data and arithmetic, shared by the reader, the repair
 * step and the tests.
 */

export type MrzFormat = 'TD1' | 'TD2' | 'TD3'
/** digit: 0-9; alpha: A-Z; alnum: either. '<' may appear anywhere as the filler. */
export type CharClass = 'digit' | 'alpha' | 'alnum'

export const MRZ_SHAPES: Record<MrzFormat, { lines: number; length: number }> = {
  TD1: { lines: 3, length: 30 },
  TD2: { lines: 2, length: 36 },
  TD3: { lines: 2, length: 44 },
}

/** A span of one line: [line, start, end) */
export type Span = readonly [line: number, start: number, end: number]

export interface CheckedField {
  /** The field's name as reported to staff: "document number", "date of birth" … */
  name: string
  /** Spans the check digit covers, in order. */
  spans: readonly Span[]
  /** Where the check digit itself is. */
  digit: readonly [line: number, col: number]
  /** ICAO allows '<' as the check digit of an empty optional field. */
  optional?: true
}

interface Layout {
  classes: readonly (readonly [line: number, start: number, end: number, cls: CharClass])[]
  checks: readonly CheckedField[]
}

const TD3: Layout = {
  classes: [
    [0, 0, 44, 'alpha'],
    [1, 0, 9, 'alnum'],
    [1, 9, 10, 'digit'],
    [1, 10, 13, 'alpha'],
    [1, 13, 20, 'digit'],
    [1, 20, 21, 'alpha'],
    [1, 21, 28, 'digit'],
    [1, 28, 42, 'alnum'],
    [1, 42, 44, 'digit'],
  ],
  checks: [
    { name: 'document number', spans: [[1, 0, 9]], digit: [1, 9] },
    { name: 'date of birth', spans: [[1, 13, 19]], digit: [1, 19] },
    { name: 'expiry date', spans: [[1, 21, 27]], digit: [1, 27] },
    { name: 'personal number', spans: [[1, 28, 42]], digit: [1, 42], optional: true },
    {
      name: 'composite',
      spans: [
        [1, 0, 10],
        [1, 13, 20],
        [1, 21, 43],
      ],
      digit: [1, 43],
    },
  ],
}

const TD2: Layout = {
  classes: [
    [0, 0, 36, 'alpha'],
    [1, 0, 9, 'alnum'],
    [1, 9, 10, 'digit'],
    [1, 10, 13, 'alpha'],
    [1, 13, 20, 'digit'],
    [1, 20, 21, 'alpha'],
    [1, 21, 28, 'digit'],
    [1, 28, 35, 'alnum'],
    [1, 35, 36, 'digit'],
  ],
  checks: [
    { name: 'document number', spans: [[1, 0, 9]], digit: [1, 9] },
    { name: 'date of birth', spans: [[1, 13, 19]], digit: [1, 19] },
    { name: 'expiry date', spans: [[1, 21, 27]], digit: [1, 27] },
    {
      name: 'composite',
      spans: [
        [1, 0, 10],
        [1, 13, 20],
        [1, 21, 35],
      ],
      digit: [1, 35],
    },
  ],
}

const TD1: Layout = {
  classes: [
    [0, 0, 5, 'alpha'],
    [0, 5, 14, 'alnum'],
    [0, 14, 15, 'digit'],
    [0, 15, 30, 'alnum'],
    [1, 0, 7, 'digit'],
    [1, 7, 8, 'alpha'],
    [1, 8, 15, 'digit'],
    [1, 15, 18, 'alpha'],
    [1, 18, 29, 'alnum'],
    [1, 29, 30, 'digit'],
    [2, 0, 30, 'alpha'],
  ],
  checks: [
    { name: 'document number', spans: [[0, 5, 14]], digit: [0, 14] },
    { name: 'date of birth', spans: [[1, 0, 6]], digit: [1, 6] },
    { name: 'expiry date', spans: [[1, 8, 14]], digit: [1, 14] },
    {
      name: 'composite',
      spans: [
        [0, 5, 30],
        [1, 0, 7],
        [1, 8, 15],
        [1, 18, 29],
      ],
      digit: [1, 29],
    },
  ],
}

export const LAYOUTS: Record<MrzFormat, Layout> = { TD1, TD2, TD3 }

/** The character class of one position. */
export function charClass(format: MrzFormat, line: number, col: number): CharClass {
  for (const [l, s, e, cls] of LAYOUTS[format].classes) {
    if (l === line && col >= s && col < e) return cls
  }
  return 'alnum'
}

/** ICAO 9303 part 3 §4.9: weights 7, 3, 1 repeating; A=10 … Z=35; '<' = 0. */
export function checkDigit(text: string): number {
  const weights = [7, 3, 1]
  let sum = 0
  for (let i = 0; i < text.length; i++) {
    sum += charValue(text.charCodeAt(i)) * (weights[i % 3] ?? 1)
  }
  return sum % 10
}

function charValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48
  if (code >= 65 && code <= 90) return code - 55
  return 0
}

export function spanText(lines: readonly string[], spans: readonly Span[]): string {
  return spans.map(([l, s, e]) => (lines[l] ?? '').slice(s, e)).join('')
}

/** Whether one check digit holds on these lines. */
export function checkHolds(lines: readonly string[], field: CheckedField): boolean {
  const [l, c] = field.digit
  const d = (lines[l] ?? '')[c]
  const text = spanText(lines, field.spans)
  // An empty optional field may carry '<' instead of 0 as its check digit (9303 part 4 §4.2.2).
  if (field.optional === true && d === '<') return /^<*$/.test(text)
  return d !== undefined && /[0-9]/.test(d) && Number(d) === checkDigit(text)
}

/** Every check digit of the layout that does not hold, by field name. */
export function failedChecks(format: MrzFormat, lines: readonly string[]): string[] {
  return LAYOUTS[format].checks.filter((f) => !checkHolds(lines, f)).map((f) => f.name)
}

/** The layout these lines have, from their count and length; null if none matches. */
export function formatOf(lines: readonly string[]): MrzFormat | null {
  for (const f of ['TD1', 'TD2', 'TD3'] as const) {
    const s = MRZ_SHAPES[f]
    if (lines.length === s.lines && lines.every((l) => l.length === s.length)) return f
  }
  return null
}
