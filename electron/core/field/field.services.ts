/** Builds field mode for openCore: keys, export, import, capture guards, the clock, status. */
import type { FieldStatus } from '../../shared/contract/field.contract'
import type { AuditService } from '../audit/audit.service'
import type { Keyring } from '../crypto/keyring'
import type { EventBus } from '../events'
import type { SettingsService } from '../settings/settings.service'
import type { JobsRepo } from '../store/jobs.repo'
import type { FieldClock } from './clock.service'
import { createExportService } from './export.service'
import { parsePublicKey, publicKeyFromRaw } from './field-keys'
import { createFieldKeys, DEVICE_KEY_NAME } from './field-keys.service'
import type { FieldRepo } from './field.repo'
import { createCaptureGuards } from './guards.service'
import { createImportService } from './import.service'

export interface FieldDeps {
  repo: FieldRepo
  clock: FieldClock
  keyring: Keyring
  settings: SettingsService
  audit: AuditService
  jobs: JobsRepo
  events: EventBus
  dataDir: string
  now: () => Date
}

export type FieldServices = ReturnType<typeof createFieldServices>

export function createFieldServices(d: FieldDeps) {
  const nowIso = () => d.now().toISOString()
  try {
    // Each start-up leaves a sample: the first one of a boot is what clock jumps are measured from.
    d.clock.sample('open')
  } catch {
    // A store that cannot take a write right now (recovery, read-only) still opens.
  }
  const keys = createFieldKeys({ ...d, now: nowIso })
  // A sample per saved capture (at most one a minute): the latest wall time seen before a restart
  // is what a clock set back across the restart is compared with.
  let lastCaptureSample = 0
  d.events.subscribe((event, payload) => {
    if (event !== 'jobs:changed' || (payload as { state: string }).state !== 'captured') return
    const t = d.now().getTime()
    if (Math.abs(t - lastCaptureSample) < 60_000) return
    lastCaptureSample = t
    d.clock.sample('capture')
  })
  const common = {
    repo: d.repo,
    jobs: d.jobs,
    keys,
    audit: d.audit,
    events: d.events,
    clock: d.now,
  }
  const exporter = createExportService({ ...common, settings: d.settings })
  const importer = createImportService(common)
  const guards = createCaptureGuards({
    repo: d.repo,
    settings: d.settings,
    clock: d.clock,
    dataDir: d.dataDir,
    now: d.now,
  })

  function status(): FieldStatus {
    const device = d.repo.key(DEVICE_KEY_NAME)
    const recipientText = d.settings.read()['field.recipientKey']
    const reading = d.clock.reading()
    const summary = (dir: 'export' | 'import') =>
      d.repo.bundles(dir, 5).map((b) => ({
        bundleId: b.bundle_id,
        file: b.file_name,
        jobs: b.jobs,
        bytes: b.bytes,
        at: b.at,
        deviceFingerprint: b.device_fingerprint,
      }))
    return {
      deviceKey:
        device === undefined
          ? null
          : {
              publicKey: publicKeyFromRaw('ed25519', device.public_key).text,
              fingerprint: device.fingerprint,
            },
      recipientKeySet:
        recipientText === ''
          ? null
          : parsePublicKey('x25519', recipientText, 'field.recipientKey').fingerprint,
      recipientKey: keys.currentRecipient(),
      trustedDevices: keys.devices().filter((t) => t.revokedAt === null).length,
      exports: { count: d.repo.bundleCount('export'), recent: summary('export') },
      imports: { count: d.repo.bundleCount('import'), recent: summary('import') },
      guards: guards.guards(),
      clock: {
        ...d.clock.assess(),
        bootId: reading.bootId,
        uptimeSec: Math.round(reading.uptimeMs / 1000),
        wall: new Date(reading.wallMs).toISOString(),
      },
    }
  }

  return {
    repo: d.repo,
    keys,
    clock: d.clock,
    guards,
    exportBundle: exporter.exportBundle,
    importBundle: importer.importBundle,
    status,
  }
}
