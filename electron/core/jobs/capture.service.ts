/** Turns captured images into a stored job: validate everything first, then one transaction. */
import { randomUUID } from 'node:crypto'
import type { CaptureInput } from '../../shared/contract/contract'
import { AppError } from '../../shared/contract/result'
import { activeLivenessFailed } from '../../shared/liveness/liveness-record'
import type { ImageKind, JobDetail } from '../../shared/domain/job'
import { normaliseImage, type NormalisedImage } from '../images/image-input'
import type { NewJobImage, JobsRepo } from '../store/jobs.repo'
import type { EventBus } from '../events'

/** Liveness frames the backend expects at most (SDKs send 6–8). */
export const MAX_LIVENESS_FRAMES = 8

/** Runs the local checks on validated images; returns what is stored as the job's local checks. */
export type LocalChecksRunner = (job: {
  jobType: 2 | 4
  userId: string
  images: readonly (NormalisedImage & { kind: ImageKind; seq: number })[]
}) => Promise<Record<string, unknown> | null>

export interface CaptureDeps {
  jobs: JobsRepo
  events: EventBus
  localChecks?: LocalChecksRunner
  /** Refuses a capture before any work, e.g. when the disk is nearly full (it sees the input: a
   * capture staff were allowed to start carries a ticket and is not refused at its save). */
  guard?: (input: CaptureInput) => void
  /** The metadata to store (default: as sent); field mode adds the capture clock and location. */
  metadata?: (input: CaptureInput) => Record<string, unknown>
}

export type CaptureService = ReturnType<typeof createCaptureService>

export function createCaptureService(deps: CaptureDeps) {
  async function capture(input: CaptureInput): Promise<JobDetail> {
    deps.guard?.(input)
    if (activeLivenessFailed(input.metadata)) {
      // A failed session is kept through `liveness:failed`, which stores it failed from the start.
      throw new AppError(
        'invalid_input',
        'a capture whose active liveness check failed cannot be queued for sending',
      )
    }
    const { jobId, images } = await prepareCapture(deps.jobs, input)
    const localChecks =
      deps.localChecks === undefined
        ? null
        : await deps.localChecks({ jobType: input.jobType, userId: input.userId, images })
    deps.jobs.create({
      jobId,
      userId: input.userId,
      jobType: input.jobType,
      images: images.map(toStored),
      localChecks,
      metadata: deps.metadata ? deps.metadata(input) : (input.metadata ?? {}),
    })
    deps.events.emit('jobs:changed', { jobId, state: 'captured' })
    return deps.jobs.require(jobId)
  }

  return { capture }
}

export type PreparedImage = NormalisedImage & { kind: ImageKind; seq: number }

/**
 * What every capture goes through before anything is stored: a free job id, a valid set of
 * images, storable metadata, and every image decoded in full and normalised to JPEG.
 */
export async function prepareCapture(
  jobs: JobsRepo,
  input: Pick<CaptureInput, 'jobId' | 'images' | 'metadata'>,
): Promise<{ jobId: string; images: PreparedImage[] }> {
  const jobId = input.jobId ?? `job-${randomUUID()}`
  if (jobs.exists(jobId)) throw new AppError('conflict', `a job with id ${jobId} already exists`)
  checkComposition(input)
  checkMetadata(input.metadata)
  const seqs: Partial<Record<ImageKind, number>> = {}
  const images = await Promise.all(
    input.images.map(async (img) => {
      const seq = (seqs[img.kind] = (seqs[img.kind] ?? -1) + 1)
      const label = img.name === undefined ? `${img.kind} image` : `${img.kind} image ${img.name}`
      return { ...(await normaliseImage(img.bytes, label)), kind: img.kind, seq }
    }),
  )
  return { jobId, images }
}

export const toStored = (i: PreparedImage): NewJobImage => ({
  kind: i.kind,
  seq: i.seq,
  mime: i.mime,
  sha256: i.sha256,
  width: i.width,
  height: i.height,
  bytes: i.bytes,
})

function checkComposition(input: Pick<CaptureInput, 'images'>): void {
  const count = (k: ImageKind) => input.images.filter((i) => i.kind === k).length
  if (count('selfie') !== 1) {
    throw new AppError('invalid_input', `a job needs exactly one selfie (got ${count('selfie')})`)
  }
  if (count('liveness') > MAX_LIVENESS_FRAMES) {
    throw new AppError(
      'invalid_input',
      `at most ${MAX_LIVENESS_FRAMES} liveness frames (got ${count('liveness')})`,
    )
  }
  for (const k of ['id_front', 'id_back'] as const) {
    if (count(k) > 1) {
      throw new AppError('invalid_input', `at most one ${k} image (got ${count(k)})`)
    }
  }
  if (count('id_back') === 1 && count('id_front') === 0) {
    throw new AppError('invalid_input', 'an ID back image needs the ID front image too')
  }
}

/** Metadata is kept as JSON and sent to the backend: 64 KB is far above what a capture records. */
export const MAX_METADATA_CHARS = 64 * 1024

/**
 * Refuses metadata JSON cannot hold (a cycle or a BigInt arrives fine over Electron IPC and only
 * failed when the job was written, as an internal error) or too much of it, before any work.
 */
export function checkMetadata(metadata: unknown): void {
  let text: string
  try {
    text = JSON.stringify(metadata ?? {})
  } catch {
    throw new AppError(
      'invalid_input',
      'metadata must be plain JSON (no cycles, BigInt or other values JSON cannot hold)',
    )
  }
  if (text.length > MAX_METADATA_CHARS) {
    throw new AppError(
      'invalid_input',
      `metadata is ${text.length} characters of JSON; at most ${MAX_METADATA_CHARS}`,
    )
  }
}
