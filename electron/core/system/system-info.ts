/** What `kiosk doctor` and the diagnostics screen show: versions, store, models, providers, backend. */
import { readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { SystemInfo } from '../../shared/contract/contract'
import { configurationProblems, type Settings } from '../../shared/domain/settings.schema'
import { checkModels } from '../models/model-manifest'
import { appVersion } from '../paths'
import { checkHealth, type Db } from '../store/database'
import { schemaVersion } from '../store/migrate'
import type { JobsRepo } from '../store/jobs.repo'
import { errorText } from '../../shared/contract/result'

const requireCjs = createRequire(import.meta.url)

export interface SystemInfoDeps {
  db: Db
  dbPath: string
  dataDir: string
  modelsDir: string
  jobs: JobsRepo
  settings: () => Settings
  /** Backend base URL actually in use (the bundled sandbox's in demo mode), if known. */
  backendUrl?: () => string | undefined
  /** Staff set-up state and the audit chain's integrity. */
  trust?: () => SystemInfo['trust']
  /** Reports which execution providers inference can use; defaults to asking onnxruntime-node. */
  executionProviders?: () => Promise<SystemInfo['executionProviders']>
}

export async function systemInfo(
  deps: SystemInfoDeps,
  opts: { probeBackend: boolean },
): Promise<SystemInfo> {
  const settings = deps.settings()
  const problems = configurationProblems(settings)
  const demo = settings['backend.mode'] === 'demo'
  const url = deps.backendUrl?.() ?? (demo ? '' : settings['backend.url'])
  const health = checkHealth(deps.db)
  return {
    version: appVersion(),
    versions: versions(deps.db),
    dataDir: deps.dataDir,
    database: {
      ok: health.ok,
      path: deps.dbPath,
      schemaVersion: schemaVersion(deps.db),
      sizeBytes: fileSize(deps.dbPath) + fileSize(`${deps.dbPath}-wal`),
      jobs: deps.jobs.counts(),
      ...(health.message === undefined ? {} : { message: health.message }),
    },
    models: checkModels(deps.modelsDir),
    executionProviders: await (deps.executionProviders ?? ortProviders)(),
    backend: {
      mode: settings['backend.mode'],
      url,
      configured: problems.length === 0,
      reachable: opts.probeBackend && url !== '' ? await probe(url) : null,
      problems,
    },
    ...(deps.trust === undefined ? {} : { trust: deps.trust() }),
  }
}

function versions(db: Db): Record<string, string> {
  const v: Record<string, string> = {
    node: process.versions.node,
    sqlite: db.prepare('SELECT sqlite_version()').pluck().get() as string,
  }
  if (process.versions.electron) v.electron = process.versions.electron
  for (const pkg of ['better-sqlite3', 'onnxruntime-node', 'sharp']) {
    const version = dependencyVersion(pkg)
    if (version !== undefined) v[pkg] = version
  }
  return v
}

function dependencyVersion(pkg: string): string | undefined {
  try {
    const main = requireCjs.resolve(pkg)
    const idx = main.lastIndexOf(`node_modules/${pkg}`)
    const dir = main.slice(0, idx + `node_modules/${pkg}`.length)
    return packageVersion(dir)
  } catch {
    return undefined
  }
}

function packageVersion(dir: string): string {
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string })
    .version
}

function fileSize(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}

async function ortProviders(): Promise<SystemInfo['executionProviders']> {
  try {
    const ort = await import('onnxruntime-node')
    const all = ort.listSupportedBackends()
    return { available: all.filter((b) => b.bundled).map((b) => b.name) }
  } catch (err) {
    return { available: [], message: `onnxruntime-node cannot load: ${errorText(err)}` }
  }
}

/** Any HTTP answer means the network path works; what it says is the sync engine's business. */
async function probe(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { method: 'GET', signal: AbortSignal.timeout(3000) })
    await res.body?.cancel()
    return true
  } catch {
    return false
  }
}
