import type { uiContract } from '../../shared/contract/ui.contract'
import type { CoreServices } from '../core'
import { recordFailedLiveness } from '../ui/failed-liveness.service'
import { createUsersRepo } from '../ui/users.repo'
import type { DomainHandlers } from './dispatch'
import { errorText } from '../../shared/contract/result'

export const uiHandlers = (core: CoreServices): DomainHandlers<typeof uiContract> => {
  // Prepared on first use: handlers touch the core only when called.
  let users: ReturnType<typeof createUsersRepo> | undefined
  return {
    'users:lookup': (i) => (users ??= createUsersRepo(core.db)).lookup(i.userId),
    'capture:prepare': async () => {
      try {
        const info = await core.face.info()
        return { ready: true, provider: info.provider, message: null }
      } catch (err) {
        // Not fatal: the capture still works, its checks say they did not run and why.
        const message = errorText(err)
        return { ready: false, provider: null, message }
      }
    },
    'liveness:failed': (i) => recordFailedLiveness(core, i),
  }
}
