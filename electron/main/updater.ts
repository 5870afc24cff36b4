/**
 * electron-updater glue. Downloads in the background; restarts into the update only when
 * shared/trust/update-safety.policy says so (never during a capture, an upload or a migration,
 * never while someone is using the screen). The updater object is passed in, so the tests drive
 * this with a fake and no electron.
 *
 * Signatures: electron-updater verifies the download's sha512 from latest*.yml and, on Windows,
 * the installer's Authenticode signature against `publisherName` (taken from the signing
 * certificate at build time); macOS's Squirrel checks the code signature itself. Nothing here may
 * set `verifyUpdateCodeSignature` or disable those checks; a Windows build without publisherName
 * (unsigned) gets no auto-update at all rather than unchecked ones.
 *
 * Staged rollout is decided on the publish side: add `stagingPercentage: 10` to the uploaded
 * latest.yml / latest-mac.yml / latest-linux.yml, raise it as the release proves itself. Each
 * kiosk draws a stable random id, so the same 10 % stay in. To pull a bad release, publish a
 * higher version (the updater never downgrades: allowDowngrade stays false).
 */
import type { AppUpdater } from 'electron-updater'
import { updateDecision, type UpdateDecision } from '../shared/trust/update-safety.policy'
import type { ActivitySnapshot } from '../core/staff/activity'

export type UpdaterLike = Pick<
  AppUpdater,
  | 'autoDownload'
  | 'autoInstallOnAppQuit'
  | 'allowDowngrade'
  | 'allowPrerelease'
  | 'on'
  | 'checkForUpdates'
  | 'quitAndInstall'
>

export interface UpdaterDeps {
  updater: UpdaterLike
  activity: { snapshot(): ActivitySnapshot }
  audit: {
    append(e: {
      actor: string
      action: string
      subject?: string
      detail?: Record<string, unknown>
    }): unknown
  }
  /** How long the screen must have been left alone, e.g. the UI idle timeout plus a minute. */
  quietMs: () => number
  log: {
    warn(msg: string, f?: Record<string, unknown>): void
    info(msg: string, f?: Record<string, unknown>): void
  }
  clock?: () => Date
  checkEveryMs?: number
  decideEveryMs?: number
}

export function configureUpdater(updater: UpdaterLike): void {
  updater.autoDownload = true
  // Quitting is a moment nothing is running: installing then is always safe.
  updater.autoInstallOnAppQuit = true
  updater.allowDowngrade = false
  updater.allowPrerelease = false
}

export function startUpdater(deps: UpdaterDeps): { tick(): UpdateDecision; stop(): void } {
  const clock = deps.clock ?? (() => new Date())
  configureUpdater(deps.updater)
  let downloaded: string | null = null
  let installing = false

  deps.updater.on('update-downloaded', (info) => {
    downloaded = info.version
    deps.log.info('update downloaded; waiting for a quiet moment', { version: info.version })
  })
  deps.updater.on('error', (err) => deps.log.warn('update check failed', { error: err }))

  function tick(): UpdateDecision {
    const a = deps.activity.snapshot()
    const decision = updateDecision({
      updateDownloaded: downloaded !== null && !installing,
      capturesInFlight: a.capturesInFlight,
      uploadsInFlight: a.uploadsInFlight,
      migrationRunning: a.migrationRunning,
      msSinceInteraction:
        a.lastInteractionAt === null ? null : clock().getTime() - a.lastInteractionAt.getTime(),
      quietMs: deps.quietMs(),
    })
    if (decision.install) {
      installing = true
      deps.audit.append({
        actor: 'system:updater',
        action: 'app.update_installing',
        subject: downloaded ?? '',
      })
      // Silent install, then start the new version.
      deps.updater.quitAndInstall(true, true)
    }
    return decision
  }

  const check = () => {
    deps.updater
      .checkForUpdates()
      .catch((err: unknown) => deps.log.warn('update check failed', { error: err }))
  }
  check()
  const timers = [
    setInterval(check, deps.checkEveryMs ?? 4 * 3_600_000),
    setInterval(tick, deps.decideEveryMs ?? 30_000),
  ]
  for (const t of timers) t.unref()
  return { tick, stop: () => timers.forEach(clearInterval) }
}

/**
 * Why updates could not be trusted on this build, or null. `appUpdateYml` is the text of
 * resources/app-update.yml that electron-builder writes (null when there is none: not packaged
 * with a publish config, so no auto-update).
 */
export function updateTrustProblem(
  platform: NodeJS.Platform,
  appUpdateYml: string | null,
): string | null {
  if (appUpdateYml === null) return 'no app-update.yml (not a published build)'
  if (!/^\s*provider:\s*\S+/m.test(appUpdateYml)) return 'app-update.yml names no update provider'
  if (/^\s*url:\s*http:\/\//m.test(appUpdateYml)) return 'the update server is plain http'
  if (platform === 'win32' && !/^\s*publisherName:/m.test(appUpdateYml)) {
    return 'this Windows build is unsigned (no publisherName): updates could not be signature-checked'
  }
  return null
}
