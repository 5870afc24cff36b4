/**
 * Composition root of the core: opens the store, builds the services and the contract handlers.
 * Every shell (Electron main, browser host, CLI) calls openCore and nothing deeper.
 */
import { mkdirSync } from 'node:fs'
import { createCaptureService, type LocalChecksRunner } from './jobs/capture.service'
import { createDispatch, type Dispatch } from './handlers/dispatch'
import { createHandlers } from './handlers/handlers'
import { createEventBus, type EventBus } from './events'
import { createFaceServices } from './face/face-services'
import { createDocumentServices } from './documents/document-services'
import { withDocumentChecks } from './documents/document-local-checks'
import type { SpawnInference } from './face/inference-child'
import { nodeKeyring, type Keyring } from './crypto/keyring'
import { createLogger } from './log'
import { databaseFile, keyFile, modelsDir as defaultModelsDir } from './paths'
import type { Db } from './store/database'
import { openStore } from './recovery/open-store'
import { createCallGuard, createEventGate } from './staff/call-guard'
import { createConnector, type Connection } from './staff/connection'
import { createTrustServices } from './staff/trust-services'
import { migrate } from './store/migrate'
import { createJobsRepo } from './store/jobs.repo'
import { createSettingsService } from './settings/settings.service'
import { createSyncService } from './sync/sync.service'
import { createFieldClock } from './field/clock.service'
import { createFieldRepo } from './field/field.repo'
import { createFieldServices } from './field/field.services'
import { systemInfo } from './system/system-info'

export interface CoreOptions {
  dataDir: string
  /** The device key holder; Electron passes a safeStorage-backed one. */
  keyring?: Keyring
  modelsDir?: string
  localChecks?: LocalChecksRunner
  /** How to start the inference process; Electron main passes a utilityProcess spawner. */
  spawnInference?: SpawnInference
  clock?: () => Date
}

export type CoreServices = ReturnType<typeof buildServices>
export type Core = CoreServices & {
  dispatch: Dispatch
  /** A renderer's connection (window, socket): its calls are checked as that connection's. */
  connect: (transport: string) => Connection
}

export function openCore(opts: CoreOptions): Core {
  const services = buildServices(opts)
  const dispatch = createDispatch(
    createHandlers(services),
    (err) => services.log.error('unexpected error in a handler', { error: err }),
    createCallGuard(services),
  )
  return {
    ...services,
    dispatch,
    connect: createConnector(dispatch, services.staff, createEventGate(services)),
  }
}

function buildServices(opts: CoreOptions) {
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 })
  const dbPath = databaseFile(opts.dataDir)
  const db: Db = openStore(dbPath)
  try {
    migrate(db)
  } catch (err) {
    db.close()
    throw err
  }
  const keyring = opts.keyring ?? nodeKeyring({ defaultKeyFile: keyFile(opts.dataDir) })
  const clock = opts.clock ?? (() => new Date())
  const modelsDir = opts.modelsDir ?? defaultModelsDir()
  const log = createLogger('core')
  const events: EventBus = createEventBus()
  const repo = createJobsRepo(db, keyring, clock)
  const settings = createSettingsService(db, keyring, clock)
  const trust = createTrustServices({
    db,
    keyring,
    clock,
    dataDir: opts.dataDir,
    settings,
    jobs: repo,
    log,
  })
  // Field mode's clock comes before sync: sync signs with its correction and tells it the backend's time.
  const fieldRepo = createFieldRepo(db)
  const fieldClock = createFieldClock({ repo: fieldRepo, clock })
  const sync = createSyncService({
    dbPath,
    dataDir: opts.dataDir,
    modelsDir,
    keyring,
    settings,
    events,
    log,
    clock,
    clockAdvisor: fieldClock,
    busy: () => trust.activity.begin('upload'),
    onOutcome: (jobId, state) => {
      // Sync writes through its own connection; the entry follows the change it records.
      const job = repo.get(jobId)
      try {
        trust.audit.append({
          actor: 'sync',
          action: `sync.${state}`,
          subject: jobId,
          detail: {
            resultCode: job?.backend_result?.ResultCode ?? null,
            error: job?.last_error?.code ?? null,
          },
        })
      } catch (err) {
        log.error('could not record a sync outcome in the audit trail', { error: err, jobId })
      }
    },
  })
  const faceServices = createFaceServices({
    db,
    keyring,
    clock,
    modelsDir,
    settings: settings.read,
    log,
    ...(opts.spawnInference ? { spawn: opts.spawnInference } : {}),
  })
  const documents = createDocumentServices({ face: faceServices.face, clock, log })
  const field = createFieldServices({
    repo: fieldRepo,
    clock: fieldClock,
    keyring,
    settings,
    audit: trust.audit,
    jobs: repo,
    events,
    dataDir: opts.dataDir,
    now: clock,
  })
  const capture = createCaptureService({
    jobs: repo,
    events,
    // Capture guards (disk, backlog, days without sync) at the start; a started capture is saved.
    guard: field.guards.guardSave,
    metadata: field.guards.stamp,
    localChecks:
      opts.localChecks ?? withDocumentChecks(faceServices.faceChecks, documents.localChecks),
  })

  return {
    dataDir: opts.dataDir,
    dbPath,
    db,
    keyring,
    modelsDir,
    events,
    jobs: repo,
    settings,
    capture,
    log,
    ...trust,
    face: faceServices.face,
    faceTemplates: faceServices.faceTemplates,
    documents,
    sync,
    field,
    systemInfo: (o: { probeBackend: boolean }) =>
      systemInfo(
        {
          db,
          dbPath,
          dataDir: opts.dataDir,
          modelsDir,
          jobs: repo,
          settings: settings.read,
          executionProviders: faceServices.executionProviders,
          backendUrl: () => sync.status().backendUrl ?? undefined,
          trust: () => {
            const v = trust.audit.verify()
            const bad =
              v.firstBad === null
                ? null
                : v.firstBad.seq > 0
                  ? `entry ${v.firstBad.seq}: ${v.firstBad.problem}`
                  : v.firstBad.problem
            return {
              setupMode: trust.staff.setupMode(),
              audit: { ok: v.ok, entries: v.entries, firstBad: bad },
            }
          },
        },
        o,
      ),
    close(): void {
      void sync.close()
      faceServices.face.close()
      void documents.close()
      if (db.open) db.close()
    },
  }
}
