/**
 * When a job's images may be purged. Pure. Only a job the backend has given its final result
 * (state `complete`) is ever purged on a timer: a job that never synced, is still syncing, failed
 * or waits for staff keeps its images until a person decides (jobs:delete, with approval).
 */
import type { JobState } from '../domain/job'

export interface RetentionFacts {
  state: JobState
  /** When the final result was stored (ISO); null if there is none. */
  finalAt: string | null
  imagesPurgedAt: string | null
  /** Image rows still holding ciphertext. */
  sealedImages: number
}

export type RetentionDecision =
  | { action: 'purge' }
  | { action: 'keep'; reason: 'not_final' | 'already_purged' }
  | { action: 'keep'; reason: 'not_due'; dueAt: string }

export function retentionDecision(
  job: RetentionFacts,
  now: Date,
  imagesHours: number,
): RetentionDecision {
  if (job.imagesPurgedAt !== null || job.sealedImages === 0) {
    return { action: 'keep', reason: 'already_purged' }
  }
  if (job.state !== 'complete' || job.finalAt === null) {
    return { action: 'keep', reason: 'not_final' }
  }
  const due = new Date(new Date(job.finalAt).getTime() + imagesHours * 3_600_000)
  if (Number.isNaN(due.getTime())) return { action: 'keep', reason: 'not_final' }
  if (due.getTime() > now.getTime()) {
    return { action: 'keep', reason: 'not_due', dueAt: due.toISOString() }
  }
  return { action: 'purge' }
}
