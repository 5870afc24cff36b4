/** Contract entries for settings. Secrets come back only as "set" / "not set". */
import { z } from 'zod'
import { SupervisorApproval } from '../trust/approval.schema'
import { entry } from './schema'

export const PublicSettingsShape = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean()]),
)
const SettingsView = z.object({ values: PublicSettingsShape, problems: z.array(z.string()) })

export const settingsContract = {
  'settings:get': entry(z.object({}), SettingsView),
  'settings:set': entry(
    z.object({
      key: z.string(),
      value: z.union([z.string(), z.number(), z.boolean()]),
      /** Backend, relay, thresholds, retention, staff and profile settings need a supervisor. */
      approval: SupervisorApproval.optional(),
    }),
    SettingsView,
  ),
} as const
