import { describe, expect, it } from 'vitest'
import { decide, type CheckStep } from '../../../electron/shared/documents/document-decision.policy'
import { warning, type WarningCode } from '../../../electron/shared/documents/document-warnings'

const ok = (step: string): CheckStep => ({ step, status: 'ok' })
const ALL_OK = [ok('front_image'), ok('mrz'), ok('portrait')]
const w = (...codes: WarningCode[]) => codes.map((c) => warning(c, { args: ['x', 'y'] }))

describe('document decision', () => {
  it.each([
    ['nothing found', [], ALL_OK, 'PASSED', 'OK'],
    ['glare only (Low)', w('GLARE_DETECTED'), ALL_OK, 'PASSED', 'OK'],
    ['an age flag only (None)', w('UNDER_18'), ALL_OK, 'PASSED', 'OK'],
    ['blur (Medium)', w('IMAGE_TOO_BLURRY'), ALL_OK, 'REJECTED', 'FAILED'],
    ['a failed check digit', w('CHECK_DIGIT_FAILED'), ALL_OK, 'REJECTED', 'FAILED'],
    ['a specimen, also expired', w('DOCUMENT_EXPIRED', 'FAKE_ID'), ALL_OK, 'REJECTED', 'SAMPLE'],
    [
      'an edited file',
      w('IMAGE_EDITED', 'IMAGE_TOO_BLURRY'),
      ALL_OK,
      'REJECTED',
      'DIGITAL_MANIPULATION',
    ],
    [
      'front and back disagree',
      w('DOCUMENT_COUNTRY_MISMATCH'),
      ALL_OK,
      'REJECTED',
      'MISMATCH_FRONT_BACK',
    ],
    [
      'the selfie is the document photo',
      w('FACE_IDENTICAL'),
      ALL_OK,
      'REJECTED',
      'OTHER_REJECTION',
    ],
    ['another person', w('FACE_MISMATCH'), ALL_OK, 'WARNING', 'DIFFERENT_PERSON'],
    [
      'another person on a blurred image',
      w('FACE_MISMATCH', 'IMAGE_TOO_BLURRY'),
      ALL_OK,
      'REJECTED',
      'FAILED',
    ],
    [
      'a step failed',
      [],
      [...ALL_OK, { step: 'portrait', status: 'failed', reason: 'engine down' }],
      'NOT_EXECUTED',
      'TECHNICAL_ERROR',
    ],
    [
      'a step failed but a rejection was measured',
      w('IMAGE_TOO_SMALL'),
      [{ step: 'mrz', status: 'failed' }],
      'REJECTED',
      'FAILED',
    ],
    [
      'no front image',
      [],
      [{ step: 'front_image', status: 'not_run', missingInput: true }],
      'NOT_EXECUTED',
      'PRECONDITION_NOT_FULFILLED',
    ],
    [
      'no selfie given (not required)',
      [],
      [...ALL_OK, { step: 'face_match', status: 'not_run' }],
      'PASSED',
      'OK',
    ],
    [
      'failure beats a missing input',
      [],
      [
        { step: 'front_image', status: 'not_run', missingInput: true },
        { step: 'x', status: 'failed' },
      ],
      'NOT_EXECUTED',
      'TECHNICAL_ERROR',
    ],
  ] as const)('%s → %s / %s', (_name, warnings, steps, type, label) => {
    expect(decide(warnings, steps as CheckStep[])).toEqual({ type, details: { label } })
  })
})
