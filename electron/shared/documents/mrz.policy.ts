/**
 * What a parsed MRZ means for the checks: check digits, expiry, missing fields, age flags and
 * ICAO specimen markers, as warnings from the vendor vocabulary. Pure: the parsed fields and
 * "today" go in, warnings come out.
 */
import { z } from 'zod'
import { warning, type DocumentWarning } from './document-warnings'

export const MrzFields = z.object({
  documentCode: z.string().nullable(),
  issuingState: z.string().nullable(),
  documentNumber: z.string().nullable(),
  nationality: z.string().nullable(),
  /** ISO yyyy-mm-dd, null when unreadable or not a real date. */
  birthDate: z.string().nullable(),
  expiryDate: z.string().nullable(),
  /** M, F, X (unspecified) or null when unreadable. */
  sex: z.enum(['M', 'F', 'X']).nullable(),
  surname: z.string().nullable(),
  givenNames: z.string().nullable(),
  personalNumber: z.string().nullable(),
})
export type MrzFields = z.infer<typeof MrzFields>

export interface MrzFacts {
  fields: MrzFields
  /** Field names whose check digit does not hold ("document number", "composite" …). */
  failedChecks: string[]
  /** 0–1 OCR confidence per field name; 1 when the lines were typed or came from a chip. */
  confidence: Partial<Record<keyof MrzFields, number>>
}

/** ICAO 9303's fictional issuing state for specimens, and the words specimens print as names. */
const SPECIMEN_STATES = new Set(['UTO'])
const SPECIMEN_NAMES = /(^|\s)(SPECIMEN|SAMPLE|MUSTER)(\s|$)/

export function mrzWarnings(facts: MrzFacts, today: Date): DocumentWarning[] {
  const { fields: f, confidence } = facts
  const out: DocumentWarning[] = []
  for (const name of facts.failedChecks) out.push(warning('CHECK_DIGIT_FAILED', { args: [name] }))
  if (f.documentNumber === null || f.documentNumber === '') {
    out.push(warning('MISSING_DOCUMENT_NUMBER'))
  }
  if (f.birthDate === null) out.push(warning('MISSING_BIRTH_DATE'))
  if (f.expiryDate === null) out.push(warning('MISSING_EXPIRY_DATE'))
  if (f.surname === null || f.surname === '') out.push(warning('MISSING_NAME'))
  if (f.sex === null) out.push(warning('MISSING_GENDER'))

  const day = isoDay(today)
  if (f.expiryDate !== null && f.expiryDate < day) {
    out.push(
      warning('DOCUMENT_EXPIRED', {
        confidence: confidence.expiryDate ?? 1,
        measured: { expiryDate: f.expiryDate },
      }),
    )
  }
  if (f.birthDate !== null) {
    const age = ageOn(f.birthDate, today)
    for (const limit of [18, 19, 20, 21] as const) {
      if (age < limit) {
        out.push(
          warning(`UNDER_${limit}`, { confidence: confidence.birthDate ?? 1, measured: { age } }),
        )
      }
    }
  }
  const names = `${f.surname ?? ''} ${f.givenNames ?? ''}`
  if (
    (f.issuingState !== null && SPECIMEN_STATES.has(f.issuingState)) ||
    (f.nationality !== null && SPECIMEN_STATES.has(f.nationality)) ||
    SPECIMEN_NAMES.test(names)
  ) {
    out.push(
      warning('FAKE_ID', {
        measured: { reason: 'ICAO specimen markers (state UTO or SPECIMEN/SAMPLE names)' },
      }),
    )
  }
  return out
}

export const isoDay = (d: Date): string => d.toISOString().slice(0, 10)

/** Whole years from `birth` (yyyy-mm-dd) to `today`. */
export function ageOn(birth: string, today: Date): number {
  const [y, m, d] = birth.split('-').map(Number) as [number, number, number]
  let age = today.getUTCFullYear() - y
  const beforeBirthday =
    today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d)
  if (beforeBirthday) age--
  return age
}

/**
 * MRZ dates are YYMMDD. A birth date is in the past: the latest century that does not put it in
 * the future. An expiry date is at most ten years or so ahead: the century that puts it within
 * fifty years of today.
 */
export function mrzDate(yymmdd: string, kind: 'birth' | 'expiry', today: Date): string | null {
  if (!/^\d{6}$/.test(yymmdd)) return null
  const yy = Number(yymmdd.slice(0, 2))
  const mm = Number(yymmdd.slice(2, 4))
  const dd = Number(yymmdd.slice(4, 6))
  if (mm < 1 || mm > 12 || dd < 1 || dd > daysIn(mm, 2000 + yy)) return null
  const now = today.getUTCFullYear()
  const century = Math.floor(now / 100) * 100
  let year = century + yy
  if (kind === 'birth') {
    if (`${year}-${pad(mm)}-${pad(dd)}` > isoDay(today)) year -= 100
  } else if (year > now + 50) {
    year -= 100
  } else if (year < now - 50) {
    year += 100
  }
  if (mm === 2 && dd === 29 && daysIn(2, year) < 29) return null
  return `${year}-${pad(mm)}-${pad(dd)}`
}

const pad = (n: number): string => String(n).padStart(2, '0')

function daysIn(month: number, year: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}
