/** Electron entry: lock down, open the core, serve the renderer from app://, one window. */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { app, BrowserWindow, protocol } from 'electron'
import { openCore, type Core } from '../core/core'
import { rendererDir } from '../core/paths'
import { resolveInside } from '../host/static-files'
import { registerIpc } from './ipc'
import { safeStorageKeyring } from './safe-storage-keyring'
import { APP_ORIGIN, lockDownContents, lockDownSession, secureWebPreferences } from './security'

protocol.registerSchemesAsPrivileged([
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
])

let mainWindow: BrowserWindow | undefined
let core: Core | undefined

if (!app.requestSingleInstanceLock()) app.quit()

app.on('web-contents-created', (_e, contents) => lockDownContents(contents))
app.on('second-instance', () => mainWindow?.focus())
app.on('window-all-closed', () => app.quit())
app.on('will-quit', () => core?.close())

void app.whenReady().then(async () => {
  lockDownSession()
  const dataDir = app.getPath('userData')
  core = openCore({ dataDir, keyring: safeStorageKeyring(dataDir) })
  // Renderer files come from a privileged custom scheme, never file:// (which would expose the disk).
  protocol.handle('app', async (request) => {
    const path = new URL(request.url).pathname
    const file = resolveInside(rendererDir(), path === '/' ? '/index.html' : path)
    if (file === undefined) return new Response('not found', { status: 404 })
    return new Response(await readFile(file), { headers: { 'Content-Type': contentType(file) } })
  })
  mainWindow = new BrowserWindow({
    width: 1280,
    height: 800,
    show: false,
    backgroundColor: '#0b1d2a',
    webPreferences: secureWebPreferences(join(import.meta.dirname, '../preload/index.cjs')),
  })
  registerIpc(core, () => mainWindow)
  mainWindow.once('ready-to-show', () => mainWindow?.show())
  const devUrl = process.env.ELECTRON_RENDERER_URL
  await mainWindow.loadURL(devUrl ?? `${APP_ORIGIN}/index.html`)
})

function contentType(file: string): string {
  if (file.endsWith('.html')) return 'text/html'
  if (file.endsWith('.js')) return 'text/javascript'
  if (file.endsWith('.css')) return 'text/css'
  if (file.endsWith('.wasm')) return 'application/wasm'
  return 'application/octet-stream'
}
