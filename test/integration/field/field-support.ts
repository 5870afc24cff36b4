/** Shared set-up for field-mode tests: a laptop and a branch machine that know each other's keys. */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { expect } from 'vitest'
import { databaseFile } from '../../../electron/core/paths'
import { kiosk, kioskJson } from '../../support/cli'
import { captureJobs } from '../sync/sync-helpers'

export { configureLive } from '../sync/sync-helpers'

export interface Pair {
  laptop: string
  branch: string
  usb: string
  laptopKey: { publicKey: string; fingerprint: string }
  recipientKey: { publicKey: string; fingerprint: string }
}

/** Keys exchanged as staff would: through files on the stick, with the real CLI. */
export function pairMachines(root: string, laptopName = 'laptop-a'): Pair {
  const laptop = join(root, laptopName)
  const branch = join(root, 'branch')
  const usb = join(root, 'usb')
  mkdirSync(usb, { recursive: true })
  const laptopKey = kioskJson<Pair['laptopKey']>(
    ['field', 'device-key', '--out', join(usb, `${laptopName}.pub`)],
    { dataDir: laptop },
  )
  const recipientKey = kioskJson<Pair['recipientKey']>(
    ['field', 'recipient', 'init', '--out', join(usb, 'branch.pub')],
    { dataDir: branch },
  )
  kioskJson(['field', 'recipient', 'set', join(usb, 'branch.pub')], { dataDir: laptop })
  kioskJson(['field', 'trust-device', laptopName, join(usb, `${laptopName}.pub`)], {
    dataDir: branch,
  })
  return { laptop, branch, usb, laptopKey, recipientKey }
}

/** Captures through the real capture service (sealed images), local checks stubbed for speed. */
export async function seed(
  dataDir: string,
  jobs: { jobId: string; userId: string; jobType?: 2 | 4; meta?: Record<string, unknown> }[],
  liveness = 2,
  selfieBytes?: Buffer,
): Promise<void> {
  await captureJobs(
    dataDir,
    jobs.map(({ meta, ...j }) => ({ ...j, metadata: meta ?? {} })),
    { liveness, localChecks: { face: 'seeded' }, ...(selfieBytes ? { selfie: selfieBytes } : {}) },
  )
}

export interface StoreCounts {
  jobs: number
  images: number
  links: number
  imports: number
}

/** Rows that an import would add, read straight from the SQLite file. */
export function storeCounts(dataDir: string): StoreCounts {
  const db = new Database(databaseFile(dataDir), { readonly: true, fileMustExist: true })
  try {
    const n = (sql: string) => db.prepare(sql).pluck().get() as number
    return {
      jobs: n('SELECT count(*) FROM jobs'),
      images: n('SELECT count(*) FROM job_images'),
      links: n('SELECT count(*) FROM field_job_links'),
      imports: n(`SELECT count(*) FROM field_bundles WHERE direction = 'import'`),
    }
  } finally {
    db.close()
  }
}

/** Runs `kiosk import` expecting a refusal: exit 2, one line, nothing queued. */
export function expectRefused(branch: string, file: string, reason: RegExp): void {
  const before = storeCounts(branch)
  const r = kiosk(['import', file], { dataDir: branch })
  expect(r.stdout).toBe('')
  expect(r.stderr).toMatch(/^kiosk: import refused: [^\n]+\n$/)
  expect(r.stderr).toMatch(reason)
  expect(r.code).toBe(2)
  expect(storeCounts(branch)).toEqual(before)
}

export function exportBundle(laptop: string, usb: string): { file: string; jobs: number } {
  const r = kioskJson<{ file: string; jobs: number }>(['export', '--to', usb], { dataDir: laptop })
  expect(r.file).not.toBeNull()
  return r
}
