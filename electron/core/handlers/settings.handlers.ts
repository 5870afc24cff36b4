import type { settingsContract } from '../../shared/contract/settings.contract'
import type { CoreServices } from '../core'
import type { DomainHandlers } from './dispatch'

export const settingsHandlers = (core: CoreServices): DomainHandlers<typeof settingsContract> => ({
  'settings:get': () => core.settings.publicView(),
  'settings:set': (i) => core.settings.set(i.key, i.value),
})
