/** All SQL about what the kiosk keeps: purging a job's images, deleting a job. */
import type { JobState } from '../../shared/domain/job'
import type { Db } from '../store/database'

export interface RetentionRow {
  job_id: string
  state: JobState
  created_at: string
  images_purged_at: string | null
  /** When the job first reached `complete` (its final result), from the append-only history. */
  final_at: string | null
  sealed_images: number
}

export type RetentionRepo = ReturnType<typeof createRetentionRepo>

export function createRetentionRepo(db: Db) {
  const q = {
    candidates: db.prepare(`SELECT j.job_id, j.state, j.created_at, j.images_purged_at,
        (SELECT min(e.at) FROM job_events e WHERE e.job_id = j.job_id AND e.to_state = 'complete')
          AS final_at,
        (SELECT count(*) FROM job_images i WHERE i.job_id = j.job_id AND i.ciphertext IS NOT NULL)
          AS sealed_images
      FROM jobs j WHERE j.images_purged_at IS NULL ORDER BY j.id`),
    purgeImages: db.prepare(
      'UPDATE job_images SET ciphertext = NULL WHERE job_id = ? AND ciphertext IS NOT NULL',
    ),
    markPurged: db.prepare(
      'UPDATE jobs SET images_purged_at = ?, wrapped_key = ? WHERE job_id = ?',
    ),
    state: db.prepare('SELECT state FROM jobs WHERE job_id = ?').pluck(),
    deleteJob: db.prepare('DELETE FROM jobs WHERE job_id = ?'),
  }
  return {
    candidates: () => q.candidates.all() as RetentionRow[],
    /**
     * Drops the ciphertext, keeps every other column (sizes, hashes, dimensions) as the record,
     * and replaces the job's wrapped data key with one that opens nothing (crypto-shredding): a
     * stale copy of the ciphertext (WAL not yet checkpointed, a backup) can no longer be opened.
     */
    purgeImages(jobId: string, at: string, shreddedKey: Buffer): number {
      const n = q.purgeImages.run(jobId).changes
      q.markPurged.run(at, shreddedKey, jobId)
      return n
    },
    state: (jobId: string) => q.state.get(jobId) as JobState | undefined,
    /** Images go with the job (ON DELETE CASCADE); the job's history rows stay, append-only. */
    deleteJob: (jobId: string) => q.deleteJob.run(jobId).changes,
    /**
     * secure_delete overwrote the pages in the database file; this also empties the WAL, where
     * the old pages still sat. Best effort: a reader in another process can hold it back.
     */
    checkpoint(): void {
      db.pragma('wal_checkpoint(TRUNCATE)')
    },
  }
}
