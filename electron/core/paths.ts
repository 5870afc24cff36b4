/** Where things live on disk, in one place: app root, data dir, models, built renderer. */
import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const APP_NAME = 'enrol-kiosk'

let cached: { root: string; version: string } | undefined

/** The folder holding package.json, found by walking up (works from source and from out/). */
export function appRoot(): string {
  return appPackage().root
}

/** The app's version, from the same package.json (sent to the backend, shown by doctor). */
export function appVersion(): string {
  return appPackage().version
}

function appPackage(): { root: string; version: string } {
  if (cached !== undefined) return cached
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const file = join(dir, 'package.json')
    const pkg = existsSync(file)
      ? (JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string })
      : undefined
    if (pkg?.name === APP_NAME) {
      cached = { root: dir, version: pkg.version ?? '0.0.0' }
      return cached
    }
    const up = dirname(dir)
    if (up === dir) throw new Error(`cannot find the ${APP_NAME} package root`)
    dir = up
  }
}

/**
 * The same folder Electron's app.getPath('userData') gives, so the CLI and the desktop app share
 * one store. KIOSK_DATA_DIR overrides it.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KIOSK_DATA_DIR) return resolve(env.KIOSK_DATA_DIR)
  const home = homedir()
  switch (process.platform) {
    case 'win32':
      return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_NAME)
    case 'darwin':
      return join(home, 'Library', 'Application Support', APP_NAME)
    default:
      return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_NAME)
  }
}

export function modelsDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.KIOSK_MODELS_DIR ? resolve(env.KIOSK_MODELS_DIR) : join(appRoot(), 'models')
}

/** The built renderer; KIOSK_OUT_DIR selects another build folder than out/. */
export function rendererDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(appRoot(), env.KIOSK_OUT_DIR ?? 'out', 'renderer')
}

export const databaseFile = (dataDir: string): string => join(dataDir, 'kiosk.db')
export const keyFile = (dataDir: string): string => join(dataDir, 'device.key')
