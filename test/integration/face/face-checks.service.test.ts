/** The LocalChecksRunner in-process, for what the CLI cannot reach: a store it cannot decrypt. */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { keyringFromKey } from '../../../electron/core/crypto/keyring'
import { createFaceChecks } from '../../../electron/core/face/face-checks.service'
import { createFaceTemplatesRepo } from '../../../electron/core/face/face-templates.repo'
import { normaliseImage } from '../../../electron/core/images/image-input'
import { createLogger } from '../../../electron/core/log'
import { openDatabase } from '../../../electron/core/store/database'
import { createJobsRepo } from '../../../electron/core/store/jobs.repo'
import { migrate } from '../../../electron/core/store/migrate'
import { defaultSettings } from '../../../electron/shared/domain/settings.schema'
import { readShared } from '../../support/shared-data'
import { tempDir } from '../../support/temp'
import { testEngine } from './engine-support'

const engine = testEngine()

describe('templates that cannot be decrypted (device key changed)', () => {
  it('the comparisons say NOT_EXECUTED / TECHNICAL_ERROR; the selfie’s own checks stand', async () => {
    const db = openDatabase(join(tempDir(), 'k.db'))
    migrate(db)
    const keyA = keyringFromKey(Buffer.alloc(32, 1), 'a')
    const keyB = keyringFromKey(Buffer.alloc(32, 2), 'b')
    const selfie = await normaliseImage(readShared('faces', 'df_A', 'df_A_img1.jpg'), 'selfie')
    const images = [{ ...selfie, kind: 'selfie' as const, seq: 0 }]
    // Enrol alice under key A, as the kiosk did before its key changed.
    const before = createFaceChecks({
      engine,
      templates: createFaceTemplatesRepo(db, keyA),
      settings: defaultSettings,
      log: createLogger('test', () => undefined),
    })
    await before({ jobType: 4, userId: 'alice', images })
    createJobsRepo(db, keyA).create({
      jobId: 'j1',
      userId: 'alice',
      jobType: 4,
      images: images.map((i) => ({ ...i })),
      localChecks: null,
      metadata: {},
    })

    const after = createFaceChecks({
      engine,
      templates: createFaceTemplatesRepo(db, keyB),
      settings: defaultSettings,
      log: createLogger('test', () => undefined),
    })
    const enrol = (await after({ jobType: 4, userId: 'bob', images })).checks.face
    expect(enrol.quality).toMatchObject({ decision: 'PASSED' })
    expect(enrol.duplicates).toMatchObject({
      decision: 'NOT_EXECUTED',
      label: 'TECHNICAL_ERROR',
      faceSearchFindings: { status: 'ERROR', findings: [] },
    })
    const auth = (await after({ jobType: 2, userId: 'alice', images })).checks.face
    expect(auth.enrolledMatch).toMatchObject({ decision: 'NOT_EXECUTED', label: 'TECHNICAL_ERROR' })
    expect(JSON.stringify(auth.enrolledMatch)).toMatch(/integrity check/)
    db.close()
  })
})
