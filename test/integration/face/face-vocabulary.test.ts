/** The codes and labels the face checks emit exist, spelled the same, in the vendor seeds. */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  faceWarning,
  isSeedWarning,
  type WarningCode,
} from '../../../electron/shared/face/face-vocabulary'
import { SHARED_DIR } from '../../support/shared-data'

const seed = (prefix: string) => {
  const dir = join(SHARED_DIR, 'seeds')
  const file = readdirSync(dir).find((f) => f.startsWith(prefix))
  if (!file) throw new Error(`seed ${prefix} not found in ${dir}`)
  return readFileSync(join(dir, file), 'utf8')
}

const CODES: WarningCode[] = [
  'SELFIE_FACE_NOT_FOUND',
  'SELFIE_MULTIPLE_FACES',
  'DOCUMENT_FACE_NOT_FOUND',
  'SELFIE_FACE_LANDMARK_ERR',
  'FACE_MISMATCH',
  'FACE_IDENTICAL',
  'FACE_LIVENESS_ERR',
  'RECAPTURED_FACE',
  'INTERNAL_FACE_VERIFICATION_ERR',
  'REPEATED_FACE',
]

describe('seed vocabulary', () => {
  it.each(CODES)('%s is in the seeds with the same severity and text', (code) => {
    expect(isSeedWarning(code)).toBe(true)
    const w = faceWarning(code, 0.5, { args: [0.25] })
    if (code === 'REPEATED_FACE') {
      expect(seed('001_')).toContain('REPEATED_FACE')
      return
    }
    const row = seed('003_')
      .split('\n')
      .find((l) => l.startsWith(`${code} |`))
    expect(row, code).toBeDefined()
    const [, severity, , description] = (row ?? '').split('|').map((c) => c.trim())
    expect(w.severity).toBe(severity)
    expect(w.description).toBe((description ?? '').replace('%.2f', '0.25'))
  })

  it('decision labels come from seed 001', () => {
    const text = seed('001_')
    for (const label of [
      'PRECONDITION_NOT_FULFILLED',
      'TECHNICAL_ERROR',
      'REPEATED_FACE',
      'DIFFERENT_PERSON',
      'FAILED',
    ]) {
      expect(text).toContain(label)
    }
  })

  it('kiosk-local quality codes are marked as such', () => {
    expect(isSeedWarning('SELFIE_TOO_DARK')).toBe(false)
  })
})
