import type { syncContract } from '../../shared/contract/sync.contract'
import type { CoreServices } from '../core'
import type { DomainHandlers } from './dispatch'

export const syncHandlers = (core: CoreServices): DomainHandlers<typeof syncContract> => ({
  'sync:status': () => core.sync.status(),
  'sync:run': (i) => core.sync.run({ waitSec: i.waitSec }),
  'jobs:retry': (i) => core.sync.retry(i.jobId, { allowNewEnroll: i.allowNewEnroll }),
})
