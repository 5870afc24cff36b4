/** Joins every domain's handlers; the `Handlers` type makes a missing one a compile error. */
import type { CoreServices } from '../core'
import type { Handlers } from './dispatch'
import { jobsHandlers } from './jobs.handlers'
import { settingsHandlers } from './settings.handlers'
import { systemHandlers } from './system.handlers'

export function createHandlers(core: CoreServices): Handlers {
  return {
    ...systemHandlers(core),
    ...jobsHandlers(core),
    ...settingsHandlers(core),
  }
}
