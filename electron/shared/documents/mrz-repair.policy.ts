/**
 * Turns what the OCR saw into MRZ lines, using only what ICAO 9303 guarantees: each position's
 * character class, and the check digits. Every change is reported, so a repaired read is never
 * passed off as a clean one, and a change is only made when exactly one reading fits.
 */
import { charClass, checkHolds, LAYOUTS, type CheckedField, type MrzFormat } from './mrz-layout'

/** What the reader puts in a cell that held a glyph it could not read. */
export const UNREAD = '?'

export interface Repair {
  line: number
  column: number
  from: string
  to: string
  /** class: a letter in a digit position (or the reverse); check: chosen by a check digit. */
  reason: 'class' | 'check'
}

/** OCR-B glyphs general OCR confuses, digit ↔ letter. */
const TO_DIGIT: Record<string, string> = {
  O: '0',
  Q: '0',
  D: '0',
  U: '0',
  I: '1',
  L: '1',
  T: '1',
  Z: '2',
  S: '5',
  G: '6',
  B: '8',
  A: '4',
}
const TO_LETTER: Record<string, string> = {
  '0': 'O',
  '1': 'I',
  '2': 'Z',
  '5': 'S',
  '6': 'G',
  '8': 'B',
  '4': 'A',
}
/** Alternatives tried in letter-or-digit fields when a check digit fails. */
const CONFUSABLE: Record<string, string[]> = {
  '0': ['O', 'D', 'Q'],
  O: ['0', 'D', 'Q'],
  D: ['0', 'O'],
  Q: ['0', 'O'],
  '1': ['I', 'L', 'T'],
  I: ['1', 'L', 'T'],
  L: ['1', 'I'],
  T: ['1', 'I'],
  '2': ['Z'],
  Z: ['2'],
  '5': ['S'],
  S: ['5'],
  '6': ['G'],
  G: ['6'],
  '8': ['B'],
  B: ['8'],
  '4': ['A'],
  A: ['4'],
}

export function repairMrz(
  format: MrzFormat,
  raw: readonly string[],
): { lines: string[]; repairs: Repair[] } {
  const repairs: Repair[] = []
  const lines = raw.map((text, line) =>
    [...text]
      .map((ch, column) => {
        const fixed = coerce(ch, charClass(format, line, column))
        if (fixed !== ch) repairs.push({ line, column, from: ch, to: fixed, reason: 'class' })
        return fixed
      })
      .join(''),
  )
  // Fields first, the composite last: it covers the fields and confirms their repairs.
  const checks = LAYOUTS[format].checks
  for (const field of checks) {
    if (checkHolds(lines, field)) continue
    const composite = checks.find((c) => c.name === 'composite' && c !== field)
    const fix = uniqueFix(format, lines, field, composite)
    if (fix === null) continue
    lines.splice(0, lines.length, ...apply(lines, fix))
    repairs.push(...fix)
  }
  return { lines, repairs }
}

function coerce(ch: string, cls: 'digit' | 'alpha' | 'alnum'): string {
  if (ch === '<') return ch
  if (cls === 'digit') return TO_DIGIT[ch] ?? ch
  if (cls === 'alpha') return TO_LETTER[ch] ?? ch
  return ch
}

/**
 * The smallest set of look-alike substitutions (at most two) inside the field's letter-or-digit
 * positions that makes its check digit hold without breaking one that held. One check digit lets
 * about one random change in ten pass, so the composite check digit must confirm the choice.
 * Even both together cannot tell O from 0 everywhere (with weights 7 and 3, swapping O↔0 at one
 * position and 0↔O at another can leave every sum unchanged mod 10), so among confirmed
 * candidates the one that turns letters into digits wins: issuers avoid O, I, S, Z … in document
 * numbers for exactly this reason, and OCR misreads a digit as a letter more often than the
 * reverse. Null when nothing, or no single best candidate, fits: then the failure stands.
 */
function uniqueFix(
  format: MrzFormat,
  lines: string[],
  field: CheckedField,
  composite: CheckedField | undefined,
): Repair[] | null {
  const positions: [number, number][] = []
  for (const [l, s, e] of field.spans) {
    for (let c = s; c < e; c++) {
      const ch = (lines[l] ?? '')[c] ?? ''
      if (candidates(ch, charClass(format, l, c)).length > 0) positions.push([l, c])
    }
  }
  const heldBefore = LAYOUTS[format].checks.filter((f) => f !== field && checkHolds(lines, f))
  for (let size = 1; size <= 2; size++) {
    const found: { subs: Repair[]; confirmed: boolean }[] = []
    for (const combo of combinations(positions, size)) {
      for (const subs of substitutions(format, lines, combo)) {
        const trial = apply(lines, subs)
        if (!checkHolds(trial, field)) continue
        // A repair that breaks a check digit which held is no repair.
        if (heldBefore.some((f) => !checkHolds(trial, f))) continue
        found.push({ subs, confirmed: composite === undefined || checkHolds(trial, composite) })
      }
    }
    if (found.length === 0) continue
    const confirmed = found.filter((f) => f.confirmed)
    if (confirmed.length === 0) return null
    const ranked = confirmed
      .map((f) => ({ ...f, prior: f.subs.reduce((a, r) => a + toDigitScore(r), 0) }))
      .sort((a, b) => b.prior - a.prior)
    if (ranked.length > 1 && ranked[0]!.prior === ranked[1]!.prior) return null
    return ranked[0]!.subs
  }
  return null
}

/** +1 for a letter read where a digit fits, −1 for the reverse, 0 otherwise. */
function toDigitScore(r: Repair): number {
  const digit = (c: string) => c >= '0' && c <= '9'
  if (!digit(r.from) && digit(r.to)) return 1
  if (digit(r.from) && !digit(r.to)) return -1
  return 0
}

function apply(lines: readonly string[], subs: readonly Repair[]): string[] {
  const out = [...lines]
  for (const r of subs) {
    const row = out[r.line] ?? ''
    out[r.line] = row.slice(0, r.column) + r.to + row.slice(r.column + 1)
  }
  return out
}

function* combinations<T>(items: T[], k: number, start = 0): Generator<T[]> {
  if (k === 0) {
    yield []
    return
  }
  for (let i = start; i <= items.length - k; i++) {
    for (const rest of combinations(items, k - 1, i + 1)) yield [items[i] as T, ...rest]
  }
}

const DIGITS = [...'0123456789']
const LETTERS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ']

/**
 * What a character may really have been: its look-alikes in a letter-or-digit field, and for an
 * illegible cell ('?') anything its class allows (the check digits then have to agree).
 */
function candidates(ch: string, cls: 'digit' | 'alpha' | 'alnum'): string[] {
  if (ch === UNREAD) {
    if (cls === 'digit') return DIGITS
    if (cls === 'alpha') return [...LETTERS, '<']
    return [...DIGITS, ...LETTERS, '<']
  }
  return cls === 'alnum' ? (CONFUSABLE[ch] ?? []) : []
}

function* substitutions(
  format: MrzFormat,
  lines: string[],
  combo: [number, number][],
): Generator<Repair[]> {
  if (combo.length === 0) {
    yield []
    return
  }
  const [[l, c], ...rest] = combo as [[number, number], ...[number, number][]]
  const from = (lines[l] ?? '')[c] ?? ''
  for (const to of candidates(from, charClass(format, l, c))) {
    for (const tail of substitutions(format, lines, rest)) {
      yield [{ line: l, column: c, from, to, reason: 'check' }, ...tail]
    }
  }
}
