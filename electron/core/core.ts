/**
 * Composition root of the core: opens the store, builds the services and the contract handlers.
 * Every shell (Electron main, browser host, CLI) calls openCore and nothing deeper.
 */
import { mkdirSync } from 'node:fs'
import { AppError } from '../shared/contract/result'
import type { JobDetail } from '../shared/domain/job'
import { createCaptureService, type LocalChecksRunner } from './jobs/capture.service'
import { createDispatch, type Dispatch } from './handlers/dispatch'
import { createHandlers } from './handlers/handlers'
import { createEventBus, type EventBus } from './events'
import { nodeKeyring, type Keyring } from './crypto/keyring'
import { createLogger } from './log'
import { databaseFile, keyFile, modelsDir as defaultModelsDir } from './paths'
import { openDatabase, type Db } from './store/database'
import { migrate } from './store/migrate'
import { createJobsRepo } from './store/jobs.repo'
import { createSettingsService } from './settings/settings.service'
import { systemInfo } from './system/system-info'

export interface CoreOptions {
  dataDir: string
  /** The device key holder; Electron passes a safeStorage-backed one. */
  keyring?: Keyring
  modelsDir?: string
  localChecks?: LocalChecksRunner
  clock?: () => Date
}

export type CoreServices = ReturnType<typeof buildServices>
export type Core = CoreServices & { dispatch: Dispatch }

export function openCore(opts: CoreOptions): Core {
  const services = buildServices(opts)
  const dispatch = createDispatch(createHandlers(services), (err) =>
    services.log.error('unexpected error in a handler', { error: err }),
  )
  return { ...services, dispatch }
}

function buildServices(opts: CoreOptions) {
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 })
  const dbPath = databaseFile(opts.dataDir)
  const db: Db = openDatabase(dbPath)
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
  const capture = createCaptureService({
    jobs: repo,
    events,
    ...(opts.localChecks ? { localChecks: opts.localChecks } : {}),
  })

  const jobs = {
    ...repo,
    require(jobId: string): JobDetail {
      const job = repo.get(jobId)
      if (job === undefined) throw new AppError('not_found', `no job with id ${jobId}`)
      return job
    },
  }

  return {
    dataDir: opts.dataDir,
    dbPath,
    db,
    keyring,
    modelsDir,
    events,
    jobs,
    settings,
    capture,
    log,
    systemInfo: (o: { probeBackend: boolean }) =>
      systemInfo(
        { db, dbPath, dataDir: opts.dataDir, modelsDir, jobs: repo, settings: settings.read },
        o,
      ),
    close(): void {
      if (db.open) db.close()
    },
  }
}
