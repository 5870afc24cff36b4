/**
 * After real captures (a real face photo), a set API key, a purge and the CLI's own output, no
 * file in the data folder — database, WAL, shared memory, key files — holds a decodable image or
 * the API key, and the CLI never prints the key. (The grep after syncing is done with sync's tests.)
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { kiosk } from '../../support/cli'
import { readShared } from '../../support/shared-data'
import { tempDir } from '../../support/temp'
import {
  captureInput,
  cliEnv as env,
  completeJob,
  op,
  openTestCore,
  testClock,
} from './trust-support'

const API_KEY = 'sk-live-7d1f0a9c4b2e8f63'
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

function dataFiles(dir: string): { name: string; bytes: Buffer }[] {
  return readdirSync(dir).map((name) => ({ name, bytes: readFileSync(join(dir, name)) }))
}

describe('data at rest', () => {
  it('holds no image and no API key in any file of the data folder, WAL included', async () => {
    const dir = tempDir()
    const clock = testClock()
    const core = openTestCore(dir, clock)
    await op(core, 'settings:set', { key: 'backend.apiKey', value: API_KEY })
    const face = readShared('faces', 'df_A', 'df_A_img1.jpg')
    const input = await captureInput('job-face-1', 6)
    input.images[0] = { kind: 'selfie', bytes: face }
    await op(core, 'jobs:capture', input)
    await op(core, 'jobs:capture', await captureInput('job-face-2', 6))
    completeJob(core, 'job-face-2')
    // What the store would hand to sync: the exact plaintext bytes that must not be on disk.
    const plain = [
      ...core.jobs.readImages('job-face-1'),
      ...core.jobs.readImages('job-face-2'),
    ].map((i) => i.bytes)
    clock.advance(25 * 3_600_000)
    await op(core, 'jobs:purge', {})

    // While the core is open (WAL and shared memory present) and again after it closed.
    for (const phase of ['open', 'closed']) {
      const files = dataFiles(dir)
      if (phase === 'open') expect(files.map((f) => f.name)).toContain('kiosk.db-wal')
      for (const f of files) {
        const where = `${f.name} (${phase})`
        expect(f.bytes.indexOf(API_KEY), where).toBe(-1)
        expect(f.bytes.indexOf(Buffer.from(API_KEY).toString('base64')), where).toBe(-1)
        expect(f.bytes.indexOf(PNG), where).toBe(-1)
        expect(f.bytes.indexOf(face.subarray(0, 64)), where).toBe(-1)
        for (const p of plain) {
          expect(f.bytes.indexOf(p.subarray(0, 32)), where).toBe(-1)
          expect(f.bytes.indexOf(p.subarray(p.length - 32)), where).toBe(-1)
        }
        expect(f.bytes.indexOf('JFIF'), where).toBe(-1)
        expect(f.bytes.indexOf('Exif'), where).toBe(-1)
      }
      if (phase === 'open') core.close()
    }

    // The CLI shows and logs the key only as "set".
    for (const args of [
      ['settings', 'get'],
      ['settings', 'get', 'backend.apiKey', '--json'],
      ['doctor', '--no-probe'],
      ['audit', 'list'],
    ]) {
      const r = kiosk(args, { dataDir: dir, env: { ...env, KIOSK_LOG_LEVEL: 'debug' } })
      expect(r.stdout + r.stderr).not.toContain(API_KEY)
    }
    expect(kiosk(['settings', 'get', 'backend.apiKey'], { dataDir: dir, env }).stdout).toBe('set\n')
  })
})
