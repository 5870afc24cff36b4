/**
 * All scanner drivers behind one façade: list every device of every driver (one driver failing
 * does not hide the others' devices), and route capabilities/scan calls by the device id prefix.
 */
import { join } from 'node:path'
import { AppError } from '../../shared/contract/result'
import { createEsclDriver } from './escl.driver'
import { createFolderDriver } from './folder.driver'
import { createSaneDriver, type SaneOptions } from './sane.driver'
import {
  splitId,
  type DriverKind,
  type ScannerCapabilities,
  type ScannerDevice,
  type ScannerDriver,
  type ScanRequest,
  type ScanResult,
} from './scanner-driver'
import { createWiaDriver } from './wia.driver'

export interface ScannerConfig {
  esclUrls: string[]
  watchFolders: string[]
  sane?: SaneOptions
  /** Where resources/ is (the WIA script lives in resources/wia). */
  resourcesDir: string
  /** Whole-scan limit for every driver (a watched folder waits this long for a file). */
  timeoutMs?: number
}

export interface DriverProblem {
  driver: DriverKind
  message: string
}

export function createScannerService(c: ScannerConfig) {
  const limit = c.timeoutMs === undefined ? {} : { timeoutMs: c.timeoutMs }
  const drivers: ScannerDriver[] = [
    createSaneDriver({ ...c.sane, ...limit }),
    createEsclDriver({ urls: c.esclUrls, ...limit }),
    createWiaDriver({ script: join(c.resourcesDir, 'wia', 'wia-scan.ps1'), ...limit }),
    createFolderDriver({ folders: c.watchFolders, ...limit }),
  ]

  function driverFor(id: string): ScannerDriver {
    const { driver } = splitId(id)
    const d = drivers.find((x) => x.kind === driver)
    if (d === undefined) {
      throw new AppError(
        'invalid_input',
        `unknown scanner driver "${driver}" in "${id}" (sane, escl, wia or folder)`,
      )
    }
    return d
  }

  return {
    async list(): Promise<{ devices: ScannerDevice[]; problems: DriverProblem[] }> {
      const results = await Promise.allSettled(drivers.map((d) => d.list()))
      const devices: ScannerDevice[] = []
      const problems: DriverProblem[] = []
      results.forEach((r, i) => {
        if (r.status === 'fulfilled') devices.push(...r.value)
        else problems.push({ driver: drivers[i]!.kind, message: (r.reason as Error).message })
      })
      return { devices, problems }
    },
    capabilities: (id: string): Promise<ScannerCapabilities> => driverFor(id).capabilities(id),
    scan: (id: string, req: ScanRequest): Promise<ScanResult> => driverFor(id).scan(id, req),
  }
}

export type ScannerService = ReturnType<typeof createScannerService>
