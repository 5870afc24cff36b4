/**
 * Retention: a job's images are purged `retention.imagesHours` after the backend's final result
 * (ciphertext set to NULL, every other column kept as the record), on a timer in the app and on
 * demand (`kiosk jobs purge`). Jobs without a final result are never purged by the timer; only a
 * person can delete one (jobs:delete, with a supervisor's approval), and that is audited.
 */
import { randomBytes } from 'node:crypto'
import { AppError } from '../../shared/contract/result'
import type { Settings } from '../../shared/domain/settings.schema'
import { retentionDecision } from '../../shared/trust/retention.policy'
import type { AuditService } from '../audit/audit.service'
import type { Keyring } from '../crypto/keyring'
import type { Logger } from '../log'
import type { Db } from '../store/database'
import type { JobsRepo } from '../store/jobs.repo'
import { createRetentionRepo } from './retention.repo'

export interface PurgeReport {
  dryRun: boolean
  imagesHours: number
  /** Jobs whose images were (or, in a dry run, would be) purged. */
  purged: { jobId: string; finalAt: string }[]
  kept: {
    /** No final result yet: never synced, still syncing, failed or waiting for staff. */
    notFinal: number
    /** Final, but not yet `imagesHours` old. */
    notDue: number
    /** The earliest time another purge will find something to do, or null. */
    nextDueAt: string | null
    /** The oldest job without a final result, so a stuck backlog is seen, not silently kept. */
    oldestNotFinal: { jobId: string; createdAt: string; state: string } | null
  }
}

export interface RetentionDeps {
  db: Db
  keyring: Keyring
  jobs: JobsRepo
  audit: AuditService
  settings: () => Settings
  clock: () => Date
  log: Logger
}

export type RetentionService = ReturnType<typeof createRetentionService>

export function createRetentionService(deps: RetentionDeps) {
  const repo = createRetentionRepo(deps.db)

  function purge(opts: { dryRun: boolean; actor: string }): PurgeReport {
    const imagesHours = deps.settings()['retention.imagesHours']
    const now = deps.clock()
    const report: PurgeReport = {
      dryRun: opts.dryRun,
      imagesHours,
      purged: [],
      kept: { notFinal: 0, notDue: 0, nextDueAt: null, oldestNotFinal: null },
    }
    const due: { jobId: string; finalAt: string }[] = []
    for (const row of repo.candidates()) {
      const d = retentionDecision(
        {
          state: row.state,
          finalAt: row.final_at,
          imagesPurgedAt: row.images_purged_at,
          sealedImages: row.sealed_images,
        },
        now,
        imagesHours,
      )
      if (d.action === 'purge') due.push({ jobId: row.job_id, finalAt: row.final_at ?? '' })
      else if (d.reason === 'not_due') {
        report.kept.notDue++
        if (report.kept.nextDueAt === null || d.dueAt < report.kept.nextDueAt) {
          report.kept.nextDueAt = d.dueAt
        }
      } else if (d.reason === 'not_final') {
        report.kept.notFinal++
        report.kept.oldestNotFinal ??= {
          jobId: row.job_id,
          createdAt: row.created_at,
          state: row.state,
        }
      }
    }
    if (opts.dryRun || due.length === 0) {
      report.purged = due
      return report
    }
    const at = now.toISOString()
    deps.db
      .transaction(() => {
        for (const job of due) {
          const shredded = deps.keyring.wrap(randomBytes(32), job.jobId)
          const images = repo.purgeImages(job.jobId, at, shredded)
          deps.jobs.record(job.jobId, 'images_purged', { detail: { images, imagesHours } })
        }
        deps.audit.append({
          actor: opts.actor,
          action: 'retention.purged',
          subject: due.length === 1 ? (due[0]?.jobId ?? '') : '',
          detail: { jobs: due.map((j) => j.jobId), imagesHours },
        })
      })
      .immediate()
    repo.checkpoint()
    report.purged = due
    return report
  }

  /** Deletes one job and its images for good; the caller has checked the approval. */
  function deleteJob(
    jobId: string,
    opts: { reason: string; actor: string; approvedBy: string | undefined },
  ): { jobId: string; state: string } {
    const state = deps.db
      .transaction(() => {
        const state = repo.state(jobId)
        if (state === undefined) throw new AppError('not_found', `no job with id ${jobId}`)
        deps.jobs.record(jobId, 'deleted', {
          detail: { reason: opts.reason, approvedBy: opts.approvedBy ?? null },
        })
        try {
          repo.deleteJob(jobId)
        } catch (err) {
          throw new AppError(
            'conflict',
            `job ${jobId} cannot be deleted: other records still refer to it (${String(err)})`,
            { cause: err },
          )
        }
        deps.audit.append({
          actor: opts.actor,
          action: 'job.deleted',
          subject: jobId,
          detail: { state, reason: opts.reason, approvedBy: opts.approvedBy ?? null },
        })
        return state
      })
      .immediate()
    repo.checkpoint()
    return { jobId, state }
  }

  /** Runs a purge now and then every `everyMs`; the returned function stops it. */
  function schedule(everyMs: number): () => void {
    const run = () => {
      try {
        const r = purge({ dryRun: false, actor: 'system:retention' })
        if (r.purged.length > 0) deps.log.info('purged job images', { jobs: r.purged.length })
      } catch (err) {
        deps.log.error('scheduled purge failed', { error: err })
      }
    }
    run()
    const timer = setInterval(run, everyMs)
    timer.unref()
    return () => clearInterval(timer)
  }

  return { purge, deleteJob, schedule }
}
