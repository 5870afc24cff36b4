/** Contract entries for what the kiosk keeps: purging images, deleting a job (with approval). */
import { z } from 'zod'
import { JobId } from '../domain/job'
import { SupervisorApproval } from '../trust/approval.schema'
import { entry } from './schema'

export const PurgeReport = z.object({
  dryRun: z.boolean(),
  imagesHours: z.number(),
  purged: z.array(z.object({ jobId: z.string(), finalAt: z.string() })),
  kept: z.object({
    notFinal: z.number().int(),
    notDue: z.number().int(),
    nextDueAt: z.string().nullable(),
    oldestNotFinal: z
      .object({ jobId: z.string(), createdAt: z.string(), state: z.string() })
      .nullable(),
  }),
})
export type PurgeReport = z.infer<typeof PurgeReport>

export const retentionContract = {
  /** Purges the images of jobs whose final result is older than retention.imagesHours. */
  'jobs:purge': entry(z.object({ dryRun: z.boolean().default(false) }), PurgeReport),
  /** Deletes a job and its images for good; a supervisor's name and PIN travel with the call. */
  'jobs:delete': entry(
    z.object({
      jobId: JobId,
      reason: z.string().trim().min(3, 'say why the job is deleted').max(500),
      approval: SupervisorApproval.optional(),
    }),
    z.object({ jobId: z.string(), state: z.string() }),
  ),
} as const
