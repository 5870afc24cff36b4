/**
 * Electron entry: lock down, open the core, serve the renderer from app://, one window. The rules
 * live in security.ts / updater.ts as plain functions; this file only wires Electron to them.
 */
import { existsSync, readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  protocol,
  session,
  utilityProcess,
} from 'electron'
import electronUpdater from 'electron-updater'
import { startBackgroundWork } from '../core/background'
import { openCore, type Core } from '../core/core'
import { utilityInference } from '../core/face/inference-child'
import { databaseFile, rendererDir } from '../core/paths'
import { DamagedStoreError } from '../core/recovery/open-store'
import { recoverStore } from '../core/recovery/recover.service'
import { rendererAssetFile, rendererAssets } from '../core/ui/renderer-assets'
import { contentTypeOf, resolveInside } from '../host/static-files'
import { registerIpc } from './ipc'
import { safeStorageKeyring } from './safe-storage-keyring'
import {
  APP_ORIGIN,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  appResponseHeaders,
  createUrlPolicy,
  lockDownContents,
  lockDownSession,
  windowOptions,
  type ShellConfig,
} from './security'
import { startUpdater, updateTrustProblem } from './updater'
import { errorText } from '../shared/contract/result'

protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES])
// Every renderer sandboxed, whatever a window's options say.
app.enableSandbox()

const production = app.isPackaged
const policy = createUrlPolicy({ production, devUrl: process.env.ELECTRON_RENDERER_URL })
let mainWindow: BrowserWindow | undefined
let core: Core | undefined
let quitting = false
let stopBackground: (() => Promise<void>) | undefined

if (!app.requestSingleInstanceLock()) app.quit()

app.on('second-instance', () => mainWindow?.focus())
app.on('window-all-closed', () => app.quit())
app.on('before-quit', () => (quitting = true))
app.on('will-quit', (event) => {
  const c = core
  if (c === undefined) return
  core = undefined
  // Let a sync pass in flight finish its bookkeeping before the store closes.
  event.preventDefault()
  void (async () => {
    await stopBackground?.()
    await c.sync.close()
    c.close()
    app.quit()
  })()
})

void app.whenReady().then(async () => {
  if (production) Menu.setApplicationMenu(null)
  // Location only while field.location is on, read at each request (core opens just below).
  lockDownSession(session.defaultSession, policy, {
    geolocation: () => core?.settings.read()['field.location'] === true,
  })
  const dataDir = app.getPath('userData')
  const keyring = safeStorageKeyring(dataDir)
  core = await openCoreOrRecover(dataDir, keyring)
  if (core === undefined) return app.quit()
  const cfg: ShellConfig = {
    production,
    profile: core.settings.read()['ui.profile'],
    devUrl: process.env.ELECTRON_RENDERER_URL,
  }
  app.on('web-contents-created', (_e, contents) => lockDownContents(contents, policy, cfg))

  // Renderer files come from a privileged custom scheme, never file:// (which would expose the disk).
  // MediaPipe's wasm and the hash-checked face-tracking model, for live guidance in the page.
  const assets = rendererAssets(core.modelsDir)
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url)
    if (`${url.protocol}//${url.host}` !== APP_ORIGIN) {
      return new Response('not found', { status: 404 })
    }
    const file =
      rendererAssetFile(assets, url.pathname) ??
      resolveInside(rendererDir(), url.pathname === '/' ? '/index.html' : url.pathname)
    if (file === undefined) return new Response('not found', { status: 404 })
    return new Response(await readFile(file), { headers: appResponseHeaders(contentTypeOf(file)) })
  })

  mainWindow = new BrowserWindow(
    windowOptions(join(import.meta.dirname, '../preload/index.cjs'), cfg),
  )
  if (cfg.profile === 'self-service') {
    // A customer cannot close the terminal; the operator stops it from the OS (the quit path).
    mainWindow.on('close', (e) => {
      if (!quitting) e.preventDefault()
    })
  }
  registerIpc(ipcMain, core, policy, () => mainWindow)
  stopBackground = startBackgroundWork(core)
  startUpdates(core)
  mainWindow.once('ready-to-show', () => mainWindow?.show())
  const devUrl = production ? undefined : process.env.ELECTRON_RENDERER_URL
  await mainWindow.loadURL(devUrl ?? `${APP_ORIGIN}/index.html`)
})

/**
 * A damaged store is not a crash loop: say what happened and offer the recovery (which keeps the
 * damaged file). Any other failure to open is shown once and the app quits.
 */
async function openCoreOrRecover(dataDir: string, keyring: ReturnType<typeof safeStorageKeyring>) {
  try {
    return openCore({ dataDir, keyring, spawnInference })
  } catch (err) {
    if (!(err instanceof DamagedStoreError)) {
      dialog.showErrorBox('The kiosk cannot start', errorText(err))
      return undefined
    }
    const choice = await dialog.showMessageBox({
      type: 'error',
      title: 'The job store is damaged',
      message: 'The kiosk database is damaged.',
      detail:
        `${err.detail}\n\nRecover now: the damaged file is kept beside the new one, and every job that ` +
        'can still be read is moved into a fresh store; jobs that lost images or saved values are marked for staff.',
      buttons: ['Recover now', 'Quit'],
      defaultId: 0,
      cancelId: 1,
    })
    if (choice.response !== 0) return undefined
    const report = recoverStore({
      dbPath: databaseFile(dataDir),
      keyring,
      clock: () => new Date(),
      actor: 'operator:desktop',
    })
    await dialog.showMessageBox({
      type: 'info',
      title: 'Store recovered',
      message: `Recovered ${report.jobs.recovered} jobs; ${report.jobs.damaged.length} lost images or saved values.`,
      detail: [`The damaged file is kept at ${report.damagedFile}.`, ...report.notes].join('\n'),
    })
    return openCore({ dataDir, keyring, spawnInference })
  }
}

/** onnxruntime runs in an Electron utility process: crash-isolated, restartable, off the main thread. */
const spawnInference = utilityInference((modulePath) =>
  utilityProcess.fork(modulePath, [], { serviceName: 'inference' }),
)

function startUpdates(c: Core): void {
  const yml = join(process.resourcesPath, 'app-update.yml')
  const problem = updateTrustProblem(
    process.platform,
    existsSync(yml) ? readFileSync(yml, 'utf8') : null,
  )
  if (!production || problem !== null) {
    if (production) c.log.warn('automatic updates are off', { reason: problem })
    return
  }
  startUpdater({
    updater: electronUpdater.autoUpdater,
    activity: c.activity,
    audit: c.audit,
    // The screen wipes after ui.idleTimeoutSec; a minute more and nobody is mid-flow.
    quietMs: () => (c.settings.read()['ui.idleTimeoutSec'] + 60) * 1000,
    log: c.log,
  })
}
