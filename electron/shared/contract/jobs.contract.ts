/** Contract entries for capturing and reading jobs. */
import { z } from 'zod'
import { ImageKind, JobDetail, JobId, JobState, JobSummary, JobType, UserId } from '../domain/job'
import { Bytes, entry, MAX_IMAGE_BYTES } from './schema'
import { CaptureMetadata } from '../field/capture-metadata'

export const CaptureImage = z.object({
  kind: ImageKind,
  bytes: Bytes.refine((b) => b.byteLength > 0, 'image is empty').refine(
    (b) => b.byteLength <= MAX_IMAGE_BYTES,
    `image is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB`,
  ),
  /** Where the bytes came from, for the customer-visible reason when they are refused. */
  name: z.string().max(256).optional(),
})
export type CaptureImage = z.infer<typeof CaptureImage>

export const CaptureInput = z.object({
  jobType: JobType,
  userId: UserId,
  jobId: JobId.optional(),
  images: z.array(CaptureImage).min(1, 'a job needs at least a selfie').max(24),
  /** Consent, capture timings, device info … stored with the job and sent as metadata.
   * `location` (a geolocation fix) and `capture_ticket` are checked: see field/capture-metadata. */
  metadata: CaptureMetadata.optional(),
})
export type CaptureInput = z.infer<typeof CaptureInput>

export const jobsContract = {
  'jobs:list': entry(
    z.object({
      state: JobState.optional(),
      limit: z.number().int().min(1).max(1000).default(200),
      offset: z.number().int().min(0).default(0),
    }),
    z.array(JobSummary),
  ),
  'jobs:get': entry(z.object({ jobId: JobId }), JobDetail),
  'jobs:capture': entry(CaptureInput, JobDetail),
} as const

export const jobsEvents = {
  /** A job was created or changed state. */
  'jobs:changed': z.object({ jobId: z.string(), state: JobState }),
} as const
