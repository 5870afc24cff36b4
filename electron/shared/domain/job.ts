/** Jobs as every process sees them: ids, types, states, images. */
import { z } from 'zod'

/** Smile ID job types the kiosk produces: 4 = SmartSelfie enrolment, 2 = authentication. */
export const JobType = z.union([z.literal(2), z.literal(4)])
export type JobType = z.infer<typeof JobType>

export const JOB_STATES = [
  'captured', // stored locally, nothing sent yet
  'prepared', // prep upload accepted: the backend knows the job id
  'uploaded', // zip PUT accepted
  'submitted', // backend has the job and is processing it (or it is under human review)
  'complete', // final result stored
  'failed', // terminal: the backend refused the job for good, reason in last_error
  'needs_attention', // staff must act (configuration, unknown user …), reason in last_error
] as const
export const JobState = z.enum(JOB_STATES)
export type JobState = z.infer<typeof JobState>

export const IMAGE_KINDS = ['selfie', 'liveness', 'id_front', 'id_back'] as const
export const ImageKind = z.enum(IMAGE_KINDS)
export type ImageKind = z.infer<typeof ImageKind>

/**
 * Ids travel to the backend inside JSON and end up in file names on some SDKs; keep them to a
 * conservative alphabet so nothing needs escaping anywhere.
 */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/
export const UserId = z
  .string()
  .trim()
  .min(1, { message: 'user id is empty', abort: true })
  .regex(ID_PATTERN, 'user id may use letters, digits and . _ : @ - (at most 128 characters)')
export const JobId = z
  .string()
  .trim()
  .min(1, { message: 'job id is empty', abort: true })
  .regex(ID_PATTERN, 'job id may use letters, digits and . _ : @ - (at most 128 characters)')

export const JobError = z.object({ code: z.string(), message: z.string() })
export type JobError = z.infer<typeof JobError>

export const JobImageInfo = z.object({
  kind: ImageKind,
  seq: z.number().int(),
  mime: z.string(),
  sha256: z.string(),
  size: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
})
export type JobImageInfo = z.infer<typeof JobImageInfo>

export const JobEvent = z.object({
  at: z.string(),
  event: z.string(),
  from: JobState.nullable(),
  to: JobState,
  detail: z.record(z.string(), z.unknown()).nullable(),
})
export type JobEvent = z.infer<typeof JobEvent>

export const JobSummary = z.object({
  job_id: z.string(),
  user_id: z.string(),
  job_type: JobType,
  state: JobState,
  attempts: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
  last_error: JobError.nullable(),
  /** Short outcome for lists: the local verdict until a backend result exists. */
  result_text: z.string().nullable(),
})
export type JobSummary = z.infer<typeof JobSummary>

export const JobDetail = JobSummary.extend({
  images: z.array(JobImageInfo),
  local_checks: z.record(z.string(), z.unknown()).nullable(),
  backend_result: z.record(z.string(), z.unknown()).nullable(),
  metadata: z.record(z.string(), z.unknown()),
  history: z.array(JobEvent),
})
export type JobDetail = z.infer<typeof JobDetail>
