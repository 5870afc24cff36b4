import type { auditContract } from '../../shared/contract/audit.contract'
import type { CoreServices } from '../core'
import type { DomainHandlers } from './dispatch'

export const auditHandlers = (core: CoreServices): DomainHandlers<typeof auditContract> => ({
  'audit:list': (i) => core.audit.list(i),
  'audit:verify': () => core.audit.verify(),
})
