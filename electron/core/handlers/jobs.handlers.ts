import type { jobsContract } from '../../shared/contract/jobs.contract'
import type { CoreServices } from '../core'
import type { DomainHandlers } from './dispatch'

export const jobsHandlers = (core: CoreServices): DomainHandlers<typeof jobsContract> => ({
  'jobs:list': (i) => core.jobs.list(i),
  'jobs:get': (i) => core.jobs.require(i.jobId),
  'jobs:capture': (i) => core.capture.capture(i),
})
