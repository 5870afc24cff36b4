import type { staffContract } from '../../shared/contract/staff.contract'
import type { CoreServices } from '../core'
import type { DomainHandlers } from './dispatch'

export const staffHandlers = (core: CoreServices): DomainHandlers<typeof staffContract> => ({
  'staff:signIn': (i, caller) => core.staff.signIn(caller, i.username, i.secret),
  'staff:signOut': (_i, caller) => core.staff.signOut(caller),
  'staff:session': (_i, caller) => core.staff.view(caller),
  'staff:activity': (_i, caller) => {
    core.activity.touch()
    return core.staff.activity(caller)
  },
  'staff:list': () => core.staff.list(),
  'staff:add': (i, caller) => core.staff.add(i, caller.actor),
  'staff:passwd': (i, caller) => core.staff.passwd(caller, i),
  'staff:remove': (i, caller) => core.staff.remove(caller, i.username),
  'staff:unlock': (i, caller) => core.staff.unlock(caller, i.username),
})
