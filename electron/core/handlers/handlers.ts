/** Joins every domain's handlers; the `Handlers` type makes a missing one a compile error. */
import type { CoreServices } from '../core'
import type { Handlers } from './dispatch'
import { auditHandlers } from './audit.handlers'
import { jobsHandlers } from './jobs.handlers'
import { documentsHandlers } from './documents.handlers'
import { fieldHandlers } from './field.handlers'
import { retentionHandlers } from './retention.handlers'
import { settingsHandlers } from './settings.handlers'
import { staffHandlers } from './staff.handlers'
import { syncHandlers } from './sync.handlers'
import { systemHandlers } from './system.handlers'
import { uiHandlers } from './ui.handlers'

export function createHandlers(core: CoreServices): Handlers {
  return {
    ...systemHandlers(core),
    ...jobsHandlers(core),
    ...documentsHandlers(core),
    ...settingsHandlers(core),
    ...staffHandlers(core),
    ...auditHandlers(core),
    ...retentionHandlers(core),
    ...uiHandlers(core),
    ...syncHandlers(core),
    ...fieldHandlers(core),
  }
}
