/** The shared test data (faces, liveness, documents), read in place and never copied. */
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '..', '..')
export const SHARED_DIR = resolve(process.env.KIOSK_SHARED_DIR ?? join(ROOT, '..', 'shared'))

/** Path of a file under shared/data; a clear failure (not a skip) when the data is absent. */
export function sharedData(...parts: string[]): string {
  const p = join(SHARED_DIR, 'data', ...parts)
  if (!existsSync(p)) {
    throw new Error(
      `shared test data not found: ${p} (set KIOSK_SHARED_DIR to the folder holding data/ and models/)`,
    )
  }
  return p
}

export const readShared = (...parts: string[]): Buffer => readFileSync(sharedData(...parts))

export interface FaceSample {
  identity: string
  file: string
}

/** Every face in shared/data/faces with its identity, from identities.csv. */
export function faceSamples(): FaceSample[] {
  const csv = readFileSync(sharedData('faces', 'identities.csv'), 'utf8').trim().split('\n')
  const header = csv[0]?.split(',') ?? []
  const fileCol = header.indexOf('file')
  const idCol = header.indexOf('identity')
  // `file` is relative to shared/data, e.g. faces/fr_obama/fr_obama_1.jpg
  return csv.slice(1).map((line) => {
    const cols = line.split(',')
    return { file: sharedData(cols[fileCol] ?? ''), identity: cols[idCol] ?? '' }
  })
}
