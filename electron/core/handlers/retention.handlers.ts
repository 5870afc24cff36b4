import type { retentionContract } from '../../shared/contract/retention.contract'
import type { CoreServices } from '../core'
import type { DomainHandlers } from './dispatch'

export const retentionHandlers = (
  core: CoreServices,
): DomainHandlers<typeof retentionContract> => ({
  'jobs:purge': (i, caller) => core.retention.purge({ dryRun: i.dryRun, actor: caller.actor }),
  // The call guard has checked the supervisor's approval (caller.approvedBy) before this runs.
  'jobs:delete': (i, caller) =>
    core.retention.deleteJob(i.jobId, {
      reason: i.reason,
      actor: caller.actor,
      approvedBy: caller.approvedBy,
    }),
})
