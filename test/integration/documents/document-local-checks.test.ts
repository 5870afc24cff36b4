/**
 * A job's local checks (face part, then document part) over the real engine, counted per image:
 * the document part takes the face part's selfie vs ID-front verdict instead of analysing both
 * images again, and that verdict is exactly what the engine's own match() says.
 */
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import { keyringFromKey } from '../../../electron/core/crypto/keyring'
import { createDocumentChecks } from '../../../electron/core/documents/document-checks.service'
import {
  documentLocalChecks,
  withDocumentChecks,
} from '../../../electron/core/documents/document-local-checks'
import { createFaceChecks } from '../../../electron/core/face/face-checks.service'
import type { FaceEngine } from '../../../electron/core/face/face-engine'
import { createFaceTemplatesRepo } from '../../../electron/core/face/face-templates.repo'
import { normaliseImage } from '../../../electron/core/images/image-input'
import { createLogger } from '../../../electron/core/log'
import { openDatabase } from '../../../electron/core/store/database'
import { migrate } from '../../../electron/core/store/migrate'
import type { ImageKind } from '../../../electron/shared/domain/job'
import type { DocumentReport } from '../../../electron/shared/documents/document-report'
import { defaultSettings } from '../../../electron/shared/domain/settings.schema'
import { readShared } from '../../support/shared-data'
import { tempDir } from '../../support/temp'
import { testEngine } from '../face/engine-support'

const engine = testEngine()
const log = createLogger('test', () => undefined)
const db = openDatabase(join(tempDir(), 'k.db'))
migrate(db)
afterAll(() => db.close())

/** The real engine, recording which image each inference pass was over (match makes two). */
function countingEngine(names: Map<Uint8Array, string>) {
  const passes: string[] = []
  const seen = (image: Uint8Array) => passes.push(names.get(image) ?? '?')
  const counted: FaceEngine = {
    info: () => engine.info(),
    detect: (image) => (seen(image), engine.detect(image)),
    analyse: (image, opts) => (seen(image), engine.analyse(image, opts)),
    liveness: (image) => (seen(image), engine.liveness(image)),
    match: (a, b) => (seen(a), seen(b), engine.match(a, b)),
    similarity: (a, b) => engine.similarity(a, b),
    close: () => undefined,
  }
  return { counted, passes }
}

async function jobWith(front: Buffer) {
  const image = async (bytes: Buffer, kind: ImageKind) => ({
    ...(await normaliseImage(bytes, kind)),
    kind,
    seq: 0,
  })
  const selfie = await image(readShared('faces', 'fr_obama', 'fr_obama_2.jpg'), 'selfie')
  const idFront = await image(front, 'id_front')
  return { jobType: 2 as const, userId: 'u1', images: [selfie, idFront], selfie, idFront }
}

function localChecks(face: FaceEngine) {
  const settings = defaultSettings()
  const faceChecks = createFaceChecks({
    engine: face,
    templates: createFaceTemplatesRepo(db, keyringFromKey(Buffer.alloc(32, 1), 'a')),
    settings: () => settings,
    log,
  })
  const documents = createDocumentChecks({
    ocr: { recognize: () => Promise.resolve([]), close: () => Promise.resolve() },
    face,
    clock: () => new Date('2024-01-01T00:00:00Z'),
  })
  return {
    faceChecks,
    documents,
    run: withDocumentChecks(faceChecks, documentLocalChecks(documents)),
  }
}

const fronts: [string, () => Promise<Buffer>][] = [
  ['a passport page', () => Promise.resolve(readShared('mrz', 'pe_100_pass-hrv.jpg'))],
  [
    'a front without a face',
    () =>
      sharp({ create: { width: 800, height: 500, channels: 3, background: '#c8c8c0' } })
        .jpeg()
        .toBuffer(),
  ],
]

describe('a job’s local checks with a selfie and an ID front', () => {
  it('analyse each image once, and store both parts', async () => {
    const job = await jobWith(readShared('mrz', 'pe_100_pass-hrv.jpg'))
    const names = new Map([
      [job.selfie.bytes, 'selfie'],
      [job.idFront.bytes, 'id_front'],
    ])
    const { counted, passes } = countingEngine(names)
    const checks = await localChecks(counted).run(job)
    expect(passes.sort()).toEqual(['id_front', 'selfie'])
    expect(checks).toMatchObject({
      face: { documentMatch: { threshold: 0.45 } },
      documents: { face: { status: 'done', portraitFound: true } },
    })
    const docs = (checks as { documents: DocumentReport }).documents
    expect(docs.face.matchScore).toEqual(expect.any(Number))
    expect(docs.steps).toContainEqual({ step: 'face_match', status: 'ok' })
  })

  it.each(fronts)(
    '%s: the handed-over verdict and document report equal the engine’s own match',
    async (_name, front) => {
      const job = await jobWith(await front())
      const { faceChecks, documents, run } = localChecks(engine)
      const given = (await faceChecks(job)).frontMatch
      expect(given).toEqual(await engine.match(job.selfie.bytes, job.idFront.bytes))

      const stored = (await run(job)) as { documents: DocumentReport }
      const own = await documents.check({ front: job.idFront.bytes, selfie: job.selfie.bytes })
      const { timings: _a, ...withHandOver } = stored.documents
      const { timings: _b, ...withEngine } = own
      expect(withHandOver).toEqual(withEngine)
    },
  )
})
