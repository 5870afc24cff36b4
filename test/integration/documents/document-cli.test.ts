/**
 * The document checks as an operator and the app meet them: `kiosk document check` (through the
 * `documents:read` contract entry) and a captured job whose ID images are checked with it.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { DocumentReport } from '../../../electron/shared/documents/document-report'
import type { JobDetail } from '../../../electron/shared/domain/job'
import { kiosk, kioskJson } from '../../support/cli'
import { sharedData } from '../../support/shared-data'
import { tempDir } from '../../support/temp'

const truth = JSON.parse(readFileSync(sharedData('mrz', 'ground_truth.json'), 'utf8')) as Record<
  string,
  { lines: string[] }
>
const dataDir = tempDir()

describe('kiosk document check', () => {
  it('reports decision, warnings, MRZ and face for a passport and a selfie of someone else', () => {
    const r = kioskJson<DocumentReport>(
      [
        'document',
        'check',
        sharedData('mrz', 'pe_passport-td3.jpg'),
        '--selfie',
        sharedData('faces', 'fr_obama', 'fr_obama_1.jpg'),
      ],
      { dataDir },
    )
    // An ICAO specimen (state UTO), expired in 2012, saved by Paint.NET, not Obama.
    expect(r.decision).toEqual({ type: 'REJECTED', details: { label: 'SAMPLE' } })
    const codes = r.warnings.map((w) => w.code)
    expect(codes).toEqual(
      expect.arrayContaining(['FAKE_ID', 'DOCUMENT_EXPIRED', 'FACE_MISMATCH', 'IMAGE_EDITED']),
    )
    for (const w of r.warnings) {
      expect(w.severity).toMatch(/^(High|Medium|Low|None)$/)
      expect(w.confidence).toBeGreaterThanOrEqual(0)
      expect(w.confidence).toBeLessThanOrEqual(1)
      expect(w.description.length).toBeGreaterThan(10)
    }
    expect(r.mrz).toMatchObject({
      found: true,
      format: 'TD3',
      valid: true,
      lines: truth['pe_passport-td3.jpg']!.lines,
    })
    expect(r.mrz.fields).toMatchObject({
      surname: 'ERIKSSON',
      givenNames: 'ANNA MARIA',
      documentNumber: 'L898902C3',
      birthDate: '1974-08-12',
      expiryDate: '2012-04-15',
      sex: 'F',
    })
    expect(r.face.status).toBe('done')
    expect(r.face.portraitFound).toBe(true)
    expect(r.face.matchScore).toEqual(expect.any(Number))
    expect(r.face.matchScore!).toBeLessThan(r.face.threshold!)
    expect(r.face.match).toBe(false)
  })

  it('passes a real-looking passport scan except for its expiry, and names the reason', () => {
    const r = kioskJson<DocumentReport>(
      ['document', 'check', sharedData('mrz', 'pe_100_pass-ltu.jpg')],
      { dataDir },
    )
    expect(r.warnings.map((w) => w.code)).toEqual(['DOCUMENT_EXPIRED'])
    expect(r.decision).toEqual({ type: 'REJECTED', details: { label: 'FAILED' } })
    expect(r.mrz.fields?.documentNumber).toBe('00000000')
    expect(r.face).toMatchObject({ status: 'done', portraitFound: true, matchScore: null })
  })

  it('says the back of an ID card has no portrait', () => {
    const r = kioskJson<DocumentReport>(
      ['document', 'check', sharedData('mrz', 'pe_100_id-che.jpg')],
      { dataDir },
    )
    expect(r.warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining(['DOCUMENT_FACE_NOT_FOUND', 'IMAGE_TOO_SMALL']),
    )
    expect(r.mrz).toMatchObject({ found: true, format: 'TD1', valid: true })
  })

  it('reads in words for a person at the terminal', () => {
    const r = kiosk(['document', 'check', sharedData('mrz', 'pe_100_pass-bdr.jpg')], { dataDir })
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^Decision: REJECTED \(FAILED\)/)
    expect(r.stdout).toContain('CA000000<4D<<6408125F1802212<<<<<<<<<<<<<<<6')
    expect(r.stdout).toMatch(/Face: portrait found/)
  })

  it('refuses a file that is not an image, in one line, exit 2', () => {
    const r = kiosk(['document', 'check', join(import.meta.dirname, 'degrade.ts')], { dataDir })
    expect(r.code).toBe(2)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/front image: not a readable image/)
  })

  it('refuses a missing file, exit 2', () => {
    const r = kiosk(['document', 'check', '/nonexistent/front.jpg'], { dataDir })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/front: cannot read \/nonexistent\/front.jpg \(no such file\)/)
  })
})

describe('document checks in a captured job', () => {
  it('stores the ID images as id_front/id_back and their checks in the local checks', () => {
    const job = kioskJson<JobDetail>(
      [
        'enrol',
        '--user-id',
        'doc-user-1',
        '--selfie',
        sharedData('faces', 'fr_obama', 'fr_obama_2.jpg'),
        '--id-front',
        sharedData('mrz', 'pe_100_pass-hrv.jpg'),
        '--id-back',
        sharedData('mrz', 'pe_100_id-che.jpg'),
      ],
      { dataDir },
    )
    expect(job.images.filter((i) => i.kind === 'id_front')).toHaveLength(1)
    expect(job.images.filter((i) => i.kind === 'id_back')).toHaveLength(1)
    const docs = job.local_checks?.documents as DocumentReport | undefined
    expect(docs).toBeDefined()
    // The back is checked first for an MRZ: ID cards carry theirs there.
    expect(docs!.mrz).toMatchObject({ found: true, side: 'back', format: 'TD1', valid: true })
    expect(docs!.face).toMatchObject({ status: 'done', portraitFound: true, match: false })
    expect(docs!.decision.type).toBe('REJECTED')
    expect(job.local_checks?.face).toBeDefined()
    // The same report is there when the job is read back from the store.
    const again = kioskJson<JobDetail>(['jobs', 'show', job.job_id], { dataDir })
    expect((again.local_checks?.documents as DocumentReport).mrz.lines).toEqual(
      truth['pe_100_id-che.jpg']!.lines,
    )
  })

  it('adds no document entry to a job without ID images', () => {
    const job = kioskJson<JobDetail>(
      [
        'enrol',
        '--user-id',
        'doc-user-2',
        '--selfie',
        sharedData('faces', 'fr_obama', 'fr_obama_3.jpg'),
      ],
      { dataDir },
    )
    expect(job.local_checks?.documents).toBeUndefined()
  })
})
