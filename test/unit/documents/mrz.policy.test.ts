import { describe, expect, it } from 'vitest'
import {
  ageOn,
  mrzDate,
  mrzWarnings,
  type MrzFields,
} from '../../../electron/shared/documents/mrz.policy'

const TODAY = new Date('2026-11-22T10:00:00Z')
const fields: MrzFields = {
  documentCode: 'P',
  issuingState: 'FRA',
  documentNumber: '12AB34567',
  nationality: 'FRA',
  birthDate: '1990-03-04',
  expiryDate: '2030-01-01',
  sex: 'F',
  surname: 'MARTIN',
  givenNames: 'CLAIRE',
  personalNumber: null,
}
const codes = (f: Partial<MrzFields>, failed: string[] = []) =>
  mrzWarnings({ fields: { ...fields, ...f }, failedChecks: failed, confidence: {} }, TODAY).map(
    (w) => w.code,
  )

describe('MRZ dates', () => {
  it.each([
    ['740812', 'birth', '1974-08-12'],
    ['100101', 'birth', '2010-01-01'],
    ['261123', 'birth', '1926-11-23'], // tomorrow in 2026 cannot be a birth date
    ['261122', 'birth', '2026-11-22'],
    ['120415', 'expiry', '2012-04-15'],
    ['351231', 'expiry', '2035-12-31'],
    ['991231', 'expiry', '1999-12-31'],
    ['001301', 'birth', null], // month 13
    ['010230', 'expiry', null], // 30 February
    ['0A0101', 'birth', null],
  ] as const)('%s as a %s date is %s', (raw, kind, iso) => {
    expect(mrzDate(raw, kind, TODAY)).toBe(iso)
  })

  it.each([
    ['2008-11-22', 18],
    ['2008-11-23', 17],
    ['1974-08-12', 52],
  ])('born %s is %i on 2026-11-22', (birth, age) => {
    expect(ageOn(birth, TODAY)).toBe(age)
  })
})

describe('MRZ warnings', () => {
  it.each([
    ['a valid adult document', {}, [], []],
    ['an expired one', { expiryDate: '2026-11-21' }, [], ['DOCUMENT_EXPIRED']],
    ['one that expires today', { expiryDate: '2026-11-22' }, [], []],
    [
      'a 17-year-old',
      { birthDate: '2009-01-01' },
      [],
      ['UNDER_18', 'UNDER_19', 'UNDER_20', 'UNDER_21'],
    ],
    ['a 20-year-old', { birthDate: '2006-01-01' }, [], ['UNDER_21']],
    ['a failed check digit', {}, ['expiry date'], ['CHECK_DIGIT_FAILED']],
    ['no document number', { documentNumber: null }, [], ['MISSING_DOCUMENT_NUMBER']],
    ['an unreadable birth date', { birthDate: null }, [], ['MISSING_BIRTH_DATE']],
    ['no expiry date', { expiryDate: null }, [], ['MISSING_EXPIRY_DATE']],
    ['no surname', { surname: '' }, [], ['MISSING_NAME']],
    ['unreadable sex', { sex: null }, [], ['MISSING_GENDER']],
    ['an ICAO specimen (UTO)', { issuingState: 'UTO' }, [], ['FAKE_ID']],
    ['a SPECIMEN name', { surname: 'SPECIMEN' }, [], ['FAKE_ID']],
  ] as const)('%s', (_name, f, failed, expected) => {
    expect(codes(f, [...failed])).toEqual(expected)
  })

  it('names the field whose check digit failed and uses the seed severity', () => {
    const [w] = mrzWarnings({ fields, failedChecks: ['document number'], confidence: {} }, TODAY)
    expect(w).toMatchObject({
      code: 'CHECK_DIGIT_FAILED',
      severity: 'High',
      confidence: 1,
      description:
        'The document is not a valid document because document number contains invalid check digit.',
    })
  })

  it('takes DOCUMENT_EXPIRED confidence from the OCR of the expiry field', () => {
    const [w] = mrzWarnings(
      {
        fields: { ...fields, expiryDate: '2012-04-15' },
        failedChecks: [],
        confidence: { expiryDate: 0.87 },
      },
      TODAY,
    )
    expect(w).toMatchObject({ code: 'DOCUMENT_EXPIRED', severity: 'High', confidence: 0.87 })
  })
})
