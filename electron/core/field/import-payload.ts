/**
 * Walks a decrypted bundle payload record by record and hands over one complete, verified job at a
 * time: the manifest comes first and every later record must match it (order, ids, kinds, sizes,
 * SHA-256 of every image), and the END record must agree with both. Anything else throws, which
 * rolls back the import's transaction: a bundle is taken whole or not at all.
 */
import { createHash } from 'node:crypto'
import { AppError } from '../../shared/contract/result'
import { BUNDLE_SCHEMA } from '../../shared/field/bundle-header.policy'
import type { NewJobImage } from '../store/jobs.repo'
import {
  damaged,
  EndRecord,
  JobRecord,
  Manifest,
  parseJson,
  RECORD,
  splitImage,
  type ParsedRecord,
} from './bundle-records'

export interface VerifiedJob {
  record: JobRecord
  images: NewJobImage[]
}

export interface PayloadExpectations {
  bundleId: string
  deviceFingerprint: string
}

export function createPayloadWalker(
  expect: PayloadExpectations,
  onJob: (job: VerifiedJob) => void,
) {
  let manifest: Manifest | null = null
  let next = 0
  let current: VerifiedJob | null = null
  let ended = false
  let images = 0
  let imageBytes = 0

  function finishCurrent(): void {
    if (current === null || manifest === null) return
    const want = manifest.jobs[next - 1]?.images.length ?? -1
    if (current.images.length !== want) {
      throw damaged(`job ${current.record.job_id} has ${current.images.length} of ${want} images`)
    }
    onJob(current)
    current = null
  }

  function onManifest(body: Buffer): void {
    if (manifest !== null) throw damaged('it has two manifests')
    const m = parseJson(Manifest, body, 'the manifest')
    if (m.schema > BUNDLE_SCHEMA) {
      throw new AppError(
        'invalid_input',
        `the bundle's contents are schema ${m.schema}, newer than this kiosk reads (${BUNDLE_SCHEMA}): update the kiosk`,
      )
    }
    if (m.schema !== BUNDLE_SCHEMA) throw damaged(`unknown schema version ${m.schema}`)
    if (m.bundle_id !== expect.bundleId || m.device_fingerprint !== expect.deviceFingerprint) {
      throw damaged('the manifest belongs to another bundle')
    }
    const ids = new Set(m.jobs.map((j) => j.job_id))
    if (ids.size !== m.jobs.length) throw damaged('the manifest lists a job twice')
    for (const j of m.jobs) {
      if (j.images.filter((i) => i.kind === 'selfie').length !== 1) {
        throw damaged(`job ${j.job_id} does not have exactly one selfie`)
      }
    }
    const total = m.jobs.reduce((n, j) => n + j.images.length, 0)
    if (m.totals.jobs !== m.jobs.length || m.totals.images !== total) {
      throw damaged('the manifest totals do not add up')
    }
    manifest = m
  }

  function onJobRecord(body: Buffer): void {
    finishCurrent()
    const rec = parseJson(JobRecord, body, 'a job record')
    const listed = manifest?.jobs[next]
    if (
      listed === undefined ||
      listed.job_id !== rec.job_id ||
      listed.user_id !== rec.user_id ||
      listed.job_type !== rec.job_type
    ) {
      throw damaged(`job ${rec.job_id} is not the next job the manifest lists`)
    }
    next++
    current = { record: rec, images: [] }
  }

  function onImage(body: Buffer): void {
    const { meta, bytes } = splitImage(body)
    const job = current
    const listed = manifest?.jobs[next - 1]?.images[job?.images.length ?? 0]
    if (job === null || meta.job_id !== job.record.job_id || listed === undefined) {
      throw damaged(`an image of job ${meta.job_id} is out of place`)
    }
    const sha = createHash('sha256').update(bytes).digest('hex')
    if (
      listed.kind !== meta.kind ||
      listed.seq !== meta.seq ||
      listed.sha256 !== sha ||
      meta.sha256 !== sha ||
      listed.size !== bytes.byteLength
    ) {
      throw damaged(`the ${meta.kind} image of job ${meta.job_id} does not match its manifest hash`)
    }
    images++
    imageBytes += bytes.byteLength
    job.images.push({
      kind: meta.kind,
      seq: meta.seq,
      mime: meta.mime,
      sha256: sha,
      width: meta.width,
      height: meta.height,
      bytes,
    })
  }

  function onEnd(body: Buffer): void {
    finishCurrent()
    const end = parseJson(EndRecord, body, 'the end record')
    const m = manifest
    if (m === null || next !== m.jobs.length) throw damaged('it ends before its last job')
    if (
      end.jobs !== m.jobs.length ||
      end.images !== images ||
      end.image_bytes !== imageBytes ||
      m.totals.image_bytes !== imageBytes
    ) {
      throw damaged('its end record does not match what it holds')
    }
    ended = true
  }

  return {
    take(r: ParsedRecord): void {
      if (ended) throw damaged('it has records after its end')
      if (manifest === null && r.type !== RECORD.manifest) throw damaged('its manifest is missing')
      if (r.type === RECORD.manifest) onManifest(r.body)
      else if (r.type === RECORD.job) onJobRecord(r.body)
      else if (r.type === RECORD.image) onImage(r.body)
      else onEnd(r.body)
    },
    get ended() {
      return ended
    },
    get manifest() {
      return manifest
    },
  }
}
