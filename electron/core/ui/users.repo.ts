/** What the kiosk's own store knows about a customer id (SQL for users:lookup). */
import type { JobState } from '../../shared/domain/job'
import type { UserLookup } from '../../shared/contract/ui.contract'
import type { Db } from '../store/database'

export function createUsersRepo(db: Db) {
  const counts = db.prepare(`SELECT job_type, count(*) AS n FROM jobs
    WHERE user_id = ? AND state != 'failed' GROUP BY job_type`)
  const lastEnrolment = db
    .prepare(`SELECT state FROM jobs WHERE user_id = ? AND job_type = 4 ORDER BY id DESC LIMIT 1`)
    .pluck()

  function lookup(userId: string): UserLookup {
    const byType = new Map(
      (counts.all(userId) as { job_type: number; n: number }[]).map((r) => [r.job_type, r.n]),
    )
    const enrolments = byType.get(4) ?? 0
    return {
      userId,
      enrolments,
      authentications: byType.get(2) ?? 0,
      enrolled: enrolments > 0,
      lastEnrolmentState: (lastEnrolment.get(userId) as JobState | undefined) ?? null,
    }
  }
  return { lookup }
}
