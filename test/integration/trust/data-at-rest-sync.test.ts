/**
 * Done-when of issue 7: after capturing jobs from real face photos (the CLI), setting an API key
 * and syncing them, no file under the kiosk's data folder — database, WAL, shared memory, the
 * demo backend's own store and WAL, key files, anything — holds a JPEG/PNG signature, any 64-byte
 * stretch of a photo (raw or base64), the API key (raw or base64), or a face embedding; and no file
 * of ours is left in the OS temp folder holding any of it. Live mode syncs to `kiosk sandbox` with
 * its own data folder; demo mode to the sandbox the kiosk runs itself under <data-dir>/sandbox/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { keyringFromKey } from '../../../electron/core/crypto/keyring'
import { createFaceEngine } from '../../../electron/core/face/face-engine.service'
import { createLogger } from '../../../electron/core/log'
import { modelsDir } from '../../../electron/core/paths'
import { defaultSettings } from '../../../electron/shared/domain/settings.schema'
import type { SyncRunSummary } from '../../../electron/shared/contract/sync.contract'
import { kiosk, kioskJson, startKiosk } from '../../support/cli'
import { sharedData } from '../../support/shared-data'
import { tempDir } from '../../support/temp'
import { cliEnv, deviceKey } from './trust-support'

const env = { ...cliEnv, KIOSK_LOG_LEVEL: 'debug' }
const API_KEY = 'sk-live-4f1c9e2ab7d05e83c6'
const WINDOW = 64
const FACES = [
  ['df_G', 'df_G_img22.jpg'],
  ['df_G', 'df_G_img23.jpg'],
  ['df_H', 'df_H_img24.jpg'],
  ['df_H', 'df_H_img25.jpg'],
].map(([who, file]) => sharedData('faces', who as string, file as string))
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
const JPEG = Buffer.from([0xff, 0xd8, 0xff])

/**
 * Every 64-byte window of the secrets (each photo raw and as base64 at its three alignments, each
 * embedding), indexed by a rolling hash, so one pass over a file finds any of them.
 */
class Needles {
  private readonly byHash = new Map<number, { what: string; bytes: Buffer; at: number }[]>()
  add(what: string, bytes: Buffer): void {
    for (let at = 0; at + WINDOW <= bytes.length; at++) {
      // Runs of padding (zeros, 0xFF, "AAAA" in base64) are in every file: not evidence.
      if (new Set(bytes.subarray(at, at + WINDOW)).size < 16) continue
      const h = hashOf(bytes, at)
      const list = this.byHash.get(h) ?? []
      list.push({ what, bytes, at })
      this.byHash.set(h, list)
    }
  }
  /** The first secret window found in `hay`, or null. */
  find(hay: Buffer): string | null {
    if (hay.length < WINDOW) return null
    let h = hashOf(hay, 0)
    for (let i = 0; ; i++) {
      for (const c of this.byHash.get(h) ?? []) {
        if (hay.compare(c.bytes, c.at, c.at + WINDOW, i, i + WINDOW) === 0) {
          return `${c.what} (bytes ${c.at}…${c.at + WINDOW}) at offset ${i}`
        }
      }
      if (i + WINDOW >= hay.length) return null
      h = roll(h, hay[i] as number, hay[i + WINDOW] as number)
    }
  }
}

// Polynomial rolling hash mod 2^31-1, base 257.
const MOD = 2_147_483_647
const BASE = 257
let TOP = 1
for (let i = 1; i < WINDOW; i++) TOP = (TOP * BASE) % MOD
function hashOf(b: Buffer, at: number): number {
  let h = 0
  for (let i = at; i < at + WINDOW; i++) h = (h * BASE + (b[i] as number)) % MOD
  return h
}
function roll(h: number, out: number, inn: number): number {
  let x = (h - ((out * TOP) % MOD) + MOD) % MOD
  x = (x * BASE + inn) % MOD
  return x
}

/**
 * Where a JPEG starts: SOI, a marker, a segment length, and the next marker where that length
 * says. The three-byte FF D8 FF alone turns up by chance in every few hundred KB of ciphertext.
 */
function jpegStart(b: Buffer): number | null {
  for (let at = b.indexOf(JPEG); at !== -1; at = b.indexOf(JPEG, at + 1)) {
    const marker = b[at + 3] ?? 0
    if (!((marker >= 0xe0 && marker <= 0xef) || [0xdb, 0xc0, 0xc2, 0xc4, 0xfe].includes(marker))) {
      continue
    }
    if (at + 6 > b.length) continue
    const len = b.readUInt16BE(at + 4)
    if (len >= 2 && b[at + 4 + len] === 0xff) return at
  }
  return null
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
}

let needles: Needles
let tmpBefore: Set<string>
const embeddings: Buffer[] = []

beforeAll(async () => {
  tmpBefore = new Set(readdirSync(tmpdir()))
  needles = new Needles()
  for (const f of FACES) {
    const bytes = readFileSync(f)
    needles.add(f, bytes)
    for (const a of [0, 1, 2]) {
      needles.add(`${f} as base64`, Buffer.from(bytes.subarray(a).toString('base64')))
    }
  }
  // What the face engine makes of each selfie: the embedding the demo backend enrols as template.
  const settings = defaultSettings()
  const engine = createFaceEngine({
    modelsDir: modelsDir(),
    settings: () => settings,
    log: createLogger('test'),
  })
  try {
    for (const f of FACES) {
      const a = await engine.analyse(readFileSync(f), { liveness: false })
      if (a.embedding !== null) {
        embeddings.push(
          Buffer.from(a.embedding.buffer, a.embedding.byteOffset, a.embedding.byteLength),
        )
      }
    }
  } finally {
    engine.close()
  }
  expect(embeddings.length).toBe(FACES.length)
  embeddings.forEach((e, i) => needles.add(`embedding of face ${i}`, e))
}, 120_000)

/** The demo backend's API key, which the kiosk keeps sealed in its store (none before sync). */
function demoKey(dir: string): string[] {
  const db = new Database(join(dir, 'kiosk.db'), { readonly: true })
  try {
    const sealed = db
      .prepare(`SELECT value FROM sync_state WHERE key = 'demo.apiKey'`)
      .pluck()
      .get() as string | undefined
    if (sealed === undefined) return []
    const key = keyringFromKey(deviceKey, 'test').unwrap(
      Buffer.from(sealed, 'base64'),
      'sync:demo.apiKey',
    )
    return [key.toString('utf8')]
  } finally {
    db.close()
  }
}

/** Greps every file under `dir`; returns one line per finding. */
function secretsIn(dir: string, keys: string[]): string[] {
  const found: string[] = []
  for (const file of filesUnder(dir)) {
    const bytes = readFileSync(file)
    const where = file.slice(dir.length + 1)
    const jpeg = jpegStart(bytes)
    if (jpeg !== null) found.push(`${where}: a JPEG at offset ${jpeg}`)
    if (bytes.includes(PNG)) found.push(`${where}: a PNG signature`)
    for (const marker of ['JFIF', 'Exif']) {
      if (bytes.includes(marker)) found.push(`${where}: ${marker}`)
    }
    for (const k of keys) {
      if (bytes.includes(k)) found.push(`${where}: an API key`)
      if (bytes.includes(Buffer.from(k).toString('base64'))) {
        found.push(`${where}: an API key (base64)`)
      }
    }
    const hit = needles.find(bytes)
    if (hit !== null) found.push(`${where}: ${hit}`)
  }
  return found
}

/**
 * Captures the four photos as two jobs through the CLI, as staff would. `decide`: let the
 * backend's face engine decide (it then enrols a template), rather than force an approval.
 */
function captureJobs(dir: string, tag: string, decide = false): string[] {
  const outputs: string[] = []
  for (const [i, [selfie, ...frames]] of [
    [FACES[0], FACES[1]],
    [FACES[2], FACES[3]],
  ].entries()) {
    const r = kiosk(
      [
        'enrol',
        '--user-id',
        `${tag}-user-${i}`,
        '--selfie',
        selfie as string,
        '--liveness',
        ...(frames as string[]),
        '--meta',
        decide ? 'source=test' : 'sandbox_result=0',
        '--json',
      ],
      { dataDir: dir, env },
    )
    expect(r.code, r.stderr).toBe(0)
    outputs.push(r.stdout, r.stderr)
  }
  return outputs
}

/**
 * Runs the app's background sync (`kiosk sync`) and greps the data folder over and over while it
 * works — WAL and shared-memory files present, the demo backend holding received zips — until both
 * jobs are complete. Returns every finding, and the job states at the end.
 */
async function syncWhileWatching(dir: string, keys: () => string[]): Promise<string[]> {
  const sync = await startKiosk<{ started: boolean }>(['sync'], { dataDir: dir, env })
  const found = new Set<string>()
  let sawWal = false
  try {
    const deadline = Date.now() + 60_000
    for (;;) {
      const files = filesUnder(dir)
      if (files.some((f) => f.endsWith('-wal'))) sawWal = true
      for (const f of secretsIn(dir, keys())) found.add(f)
      const db = new Database(join(dir, 'kiosk.db'), { readonly: true })
      const done = db
        .prepare(`SELECT count(*) FROM jobs WHERE state = 'complete'`)
        .pluck()
        .get() as number
      db.close()
      if (done === 2) break
      if (Date.now() > deadline) throw new Error(`sync did not finish (${done} complete)`)
      await new Promise((r) => setTimeout(r, 100))
    }
  } finally {
    await sync.stop()
  }
  expect(sawWal).toBe(true)
  return [...found]
}

function expectNothingLeftInTmp(): void {
  const found: string[] = []
  for (const name of readdirSync(tmpdir())) {
    if (tmpBefore.has(name) || name.startsWith('kiosk-rest-')) continue
    const path = join(tmpdir(), name)
    let files: string[]
    try {
      files = statSync(path).isDirectory() ? filesUnder(path) : [path]
    } catch {
      continue // gone already, or not ours to read
    }
    for (const f of files) {
      let bytes: Buffer
      try {
        bytes = readFileSync(f)
      } catch {
        continue
      }
      const hit = needles.find(bytes)
      if (hit !== null) found.push(`${f}: ${hit}`)
    }
  }
  expect(found).toEqual([])
}

describe('data at rest after capture and sync', () => {
  let sandbox: Awaited<ReturnType<typeof startKiosk<{ url: string }>>> | undefined
  afterAll(async () => sandbox?.stop())

  it('live mode (`kiosk sandbox` with its own data folder): nothing readable in the data folder', async () => {
    const dir = tempDir('kiosk-rest-live-')
    sandbox = await startKiosk<{ url: string }>(
      ['sandbox', '--partner-id', '321', '--api-key', API_KEY, '--processing-ms', '300'],
      { dataDir: tempDir('kiosk-rest-backend-') },
    )
    const outputs: string[] = []
    for (const [k, v] of [
      ['backend.mode', 'live'],
      ['backend.url', sandbox.info.url],
      ['backend.partnerId', '321'],
      ['backend.apiKey', API_KEY],
    ]) {
      const r = kiosk(['settings', 'set', k as string, v as string], { dataDir: dir, env })
      expect(r.code, r.stderr).toBe(0)
      outputs.push(r.stdout, r.stderr)
    }
    outputs.push(...captureJobs(dir, 'live'))
    // While sync works (WAL and shared memory in use), and after it stopped.
    expect(await syncWhileWatching(dir, () => [API_KEY])).toEqual([])
    expect(secretsIn(dir, [API_KEY])).toEqual([])
    // Nor in anything the CLI printed or logged (debug level) on the way.
    for (const o of outputs) expect(o).not.toContain(API_KEY)
    expectNothingLeftInTmp()
  }, 120_000)

  it('demo mode (the sandbox under <data-dir>/sandbox/): its store and WAL hold nothing readable either', async () => {
    const dir = tempDir('kiosk-rest-demo-')
    kiosk(['settings', 'set', 'backend.apiKey', API_KEY], { dataDir: dir, env })
    const outputs = captureJobs(dir, 'demo', true)
    // The demo key exists once sync started the bundled backend; until then only ours is sought.
    let demoKeyNow: string[] = []
    const whileSyncing = await syncWhileWatching(dir, () => {
      if (demoKeyNow.length === 0) demoKeyNow = demoKey(dir)
      return [API_KEY, ...demoKeyNow]
    })
    expect(whileSyncing).toEqual([])
    const summary = kioskJson<SyncRunSummary>(['sync', '--once', '--wait', '0'], {
      dataDir: dir,
      env,
    })
    expect(summary).toMatchObject({ mode: 'demo', queue: { complete: 2 } })

    const [key] = demoKey(dir)
    expect(key?.length).toBeGreaterThan(20)

    // The demo backend really kept what a backend keeps: an enrolment template per user.
    const sdb = new Database(join(dir, 'sandbox', 'sandbox.db'), { readonly: true })
    const templates = sdb.prepare('SELECT template FROM users').pluck().all() as (Buffer | null)[]
    sdb.close()
    expect(templates.filter((t) => t !== null).length).toBeGreaterThan(0)

    expect(filesUnder(dir).map((f) => f.slice(dir.length + 1))).toContain(
      join('sandbox', 'sandbox.db'),
    )
    expect(secretsIn(dir, [API_KEY, key as string])).toEqual([])
    for (const o of outputs) {
      expect(o).not.toContain(API_KEY)
      expect(o).not.toContain(key)
    }
    expectNothingLeftInTmp()
  }, 120_000)
})
