/** Builds the trust services (audit, staff, retention, disk guard, activity) for openCore. */
import type { AuditService } from '../audit/audit.service'
import { createAuditService } from '../audit/audit.service'
import type { Keyring } from '../crypto/keyring'
import type { Logger } from '../log'
import { createDiskGuard } from '../retention/disk-guard'
import { createRetentionService } from '../retention/retention.service'
import type { SettingsService } from '../settings/settings.service'
import type { Db } from '../store/database'
import type { JobsRepo } from '../store/jobs.repo'
import { createActivity } from './activity'
import { createStaffService } from './staff.service'

export interface TrustDeps {
  db: Db
  keyring: Keyring
  clock: () => Date
  dataDir: string
  settings: SettingsService
  jobs: JobsRepo
  log: Logger
}

export function createTrustServices(d: TrustDeps) {
  const audit: AuditService = createAuditService(d.db, d.keyring, d.clock)
  const read = d.settings.read
  return {
    audit,
    activity: createActivity(d.clock),
    staff: createStaffService({
      db: d.db,
      keyring: d.keyring,
      audit,
      settings: read,
      clock: d.clock,
    }),
    retention: createRetentionService({
      db: d.db,
      keyring: d.keyring,
      jobs: d.jobs,
      audit,
      settings: read,
      clock: d.clock,
      log: d.log,
    }),
    /** The capture service's guard: refuses a capture when the disk is nearly full. */
    diskGuard: createDiskGuard(d.dataDir, () => read()['thresholds.minFreeDiskMb']),
  }
}
