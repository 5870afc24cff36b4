import type { systemContract } from '../../shared/contract/system.contract'
import type { CoreServices } from '../core'
import type { DomainHandlers } from './dispatch'

export const systemHandlers = (core: CoreServices): DomainHandlers<typeof systemContract> => ({
  'system:info': (i) => core.systemInfo({ probeBackend: i.probeBackend }),
})
