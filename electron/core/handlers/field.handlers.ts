import type { fieldContract } from '../../shared/contract/field.contract'
import type { CoreServices } from '../core'
import type { DomainHandlers } from './dispatch'

export const fieldHandlers = (core: CoreServices): DomainHandlers<typeof fieldContract> => ({
  'capture:guards': () => core.field.guards.guards(),
  'capture:begin': () => core.field.guards.begin(),
  'field:status': () => core.field.status(),
  'field:export': (i, caller) =>
    core.field.exportBundle({
      to: i.to,
      since: i.since,
      includeExported: i.includeExported,
      actor: caller.actor,
    }),
  'field:import': (i, caller) => core.field.importBundle({ file: i.file, actor: caller.actor }),
})
