/**
 * MRZ lines → fields and check-digit verdicts, through the `mrz` package (maintained, MIT, pure
 * JS; it knows the TD1 long-document-number rule and every field's position), with our own
 * date, sex and name normalisation on top.
 */
import { parse, type Details, type FieldName } from 'mrz'
import { formatOf, type MrzFormat } from '../../shared/documents/mrz-layout'
import { mrzDate, type MrzFields } from '../../shared/documents/mrz.policy'

export interface ParsedMrz {
  format: MrzFormat
  fields: MrzFields
  failedChecks: string[]
  /** Other field problems the parser found (e.g. an issuing state missing from its list). */
  problems: string[]
  /** Where each field sits: [line, start, end), to average OCR confidence over it. */
  spans: Partial<Record<keyof MrzFields, [number, number, number]>>
}

const CHECK_NAMES: Partial<Record<FieldName, string>> = {
  documentNumberCheckDigit: 'document number',
  birthDateCheckDigit: 'date of birth',
  expirationDateCheckDigit: 'expiry date',
  personalNumberCheckDigit: 'personal number',
  compositeCheckDigit: 'composite',
}

/** Null when the lines are not a TD1/TD2/TD3 shape at all. */
export function parseMrz(lines: string[], today: Date): ParsedMrz | null {
  const format = formatOf(lines)
  if (format === null) return null
  const result = parse(lines)
  const byField = new Map<FieldName, Details>()
  for (const d of result.details) if (d.field !== null) byField.set(d.field, d)
  const raw = (name: FieldName): string | null => {
    const d = byField.get(name)
    if (d === undefined) return null
    const r = (d.ranges[0] as { raw?: string } | undefined)?.raw
    return (d.value ?? r ?? null)?.replace(/</g, ' ').trim() ?? null
  }
  const clean = (v: string | null): string | null => (v === null || /[?]/.test(v) ? null : v)
  // Sex is line 2, column 8 (TD1) or 21 (TD2/TD3); the parser maps it to words, we keep M/F/X.
  const sexRaw = (lines[1] ?? '')[format === 'TD1' ? 7 : 20]
  const failedChecks: string[] = []
  const problems: string[] = []
  for (const d of result.details) {
    if (d.valid || d.field === null) continue
    const check = CHECK_NAMES[d.field]
    if (check !== undefined) failedChecks.push(check)
    else problems.push(`${d.label.toLowerCase()}: ${d.error ?? 'invalid'}`)
  }
  const spanOf = (name: FieldName): [number, number, number] | undefined => {
    const d = byField.get(name)
    return d === undefined ? undefined : [d.line, d.start, Math.max(d.start + 1, d.end)]
  }
  const fields: MrzFields = {
    documentCode: clean(raw('documentCode')),
    issuingState: clean(raw('issuingState')),
    documentNumber: clean(raw('documentNumber')),
    nationality: clean(raw('nationality')),
    birthDate: mrzDate(rawOf(byField.get('birthDate')), 'birth', today),
    expiryDate: mrzDate(rawOf(byField.get('expirationDate')), 'expiry', today),
    sex: sexRaw === 'M' || sexRaw === 'F' ? sexRaw : sexRaw === '<' || sexRaw === 'X' ? 'X' : null,
    surname: clean(raw('lastName')),
    givenNames: clean(raw('firstName')),
    personalNumber: clean(raw('personalNumber') ?? raw('optional1')) || null,
  }
  return {
    format,
    fields,
    failedChecks: [...new Set(failedChecks)],
    problems,
    spans: {
      documentNumber: spanOf('documentNumber'),
      birthDate: spanOf('birthDate'),
      expiryDate: spanOf('expirationDate'),
      surname: spanOf('lastName'),
      givenNames: spanOf('firstName'),
    },
  }
}

function rawOf(d: Details | undefined): string {
  return (d?.ranges[0] as { raw?: string } | undefined)?.raw ?? ''
}
