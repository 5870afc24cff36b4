/**
 * Every way a bundle can be wrong is refused by `kiosk import` (a real process) with one clear line,
 * exit 2, and nothing queued: flipped bytes anywhere, truncation anywhere, an unknown or revoked
 * signer, a replay, another recipient, a bundle re-signed by another trusted laptop, and a validly
 * signed bundle whose third job does not match its manifest (the first two are rolled back).
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { openCore } from '../../../electron/core/core'
import { signHeader } from '../../../electron/core/field/bundle-crypto'
import { imageRecord, jsonRecord, RECORD } from '../../../electron/core/field/bundle-records'
import { openBundleWriter, preambleAndHeader } from '../../../electron/core/field/bundle-writer'
import { parsePublicKey } from '../../../electron/core/field/field-keys'
import {
  BUNDLE_SCHEMA,
  HEADER_SLOT_BYTES,
  PREAMBLE_BYTES,
  TRAILER_BYTES,
  type BundleHeader,
} from '../../../electron/shared/field/bundle-header.policy'
import { kiosk, kioskJson } from '../../support/cli'
import { solidJpeg } from '../../support/images'
import { readShared } from '../../support/shared-data'
import { tempDir } from '../../support/temp'
import {
  expectRefused,
  exportBundle,
  pairMachines,
  seed,
  storeCounts,
  type Pair,
} from './field-support'

const root = tempDir('kiosk-field-refusals-')
let pair: Pair
let good: string
let bytes: Buffer
const at = (name: string) => join(root, name)

function variant(name: string, change: (b: Buffer) => Buffer): string {
  writeFileSync(at(name), change(Buffer.from(bytes)))
  return at(name)
}
const flip = (offset: number) => (b: Buffer) => {
  const i = offset < 0 ? b.byteLength + offset : offset
  b[i] = (b[i] ?? 0) ^ 0x01
  return b
}

beforeAll(async () => {
  pair = pairMachines(root)
  // 12 jobs × (a real selfie + 8 liveness): many 64 KiB frames, so cuts land inside the payload.
  await seed(
    pair.laptop,
    Array.from({ length: 12 }, (_, i) => ({ jobId: `r-${i}`, userId: `u-${i}` })),
    8,
    readShared('faces', 'df_A', 'df_A_img1.jpg'),
  )
  good = exportBundle(pair.laptop, pair.usb).file
  bytes = readFileSync(good)
  expect(bytes.byteLength).toBeGreaterThan(PREAMBLE_BYTES + HEADER_SLOT_BYTES + 3 * 65_536)
}, 60_000)

describe('import refuses a damaged or tampered bundle, queueing nothing', () => {
  const payloadStart = PREAMBLE_BYTES + HEADER_SLOT_BYTES
  it.each<[string, () => number, RegExp]>([
    ['in the magic', () => 2, /not a kiosk export bundle/],
    [
      'in the header JSON',
      () => PREAMBLE_BYTES + 40,
      /header is damaged|signature does not verify/,
    ],
    ['in the header padding', () => payloadStart - 10, /header is damaged \(not readable\)/],
    [
      'in the first frame',
      () => payloadStart + 100,
      /contents do not match the digest laptop-a signed/,
    ],
    ['mid-payload', () => Math.floor(bytes.byteLength / 2), /contents do not match the digest/],
    [
      'in the last frame',
      () => bytes.byteLength - TRAILER_BYTES - 1,
      /contents do not match the digest/,
    ],
    ['in the signature', () => bytes.byteLength - 1, /signature does not verify/],
  ])('one flipped byte %s', (name, offset, reason) => {
    expectRefused(pair.branch, variant(`flip-${name}.kbundle`, flip(offset())), reason)
  })

  it.each<[string, () => number, RegExp]>([
    ['to nothing', () => 0, /not a kiosk export bundle/],
    ['inside the header', () => 900, /truncated: it ends inside its header/],
    ['right after the header', () => payloadStart, /truncated: \d+ of \d+ bytes; copy it again/],
    ['mid-payload', () => Math.floor(bytes.byteLength / 2), /truncated/],
    ['by the trailer', () => bytes.byteLength - TRAILER_BYTES, /truncated/],
    ['by one byte', () => bytes.byteLength - 1, /truncated/],
  ])('truncated %s', (name, keep, reason) => {
    expectRefused(
      pair.branch,
      variant(`cut-${name}.kbundle`, (b) => b.subarray(0, keep())),
      reason,
    )
  })

  it('a header change JSON cannot see (a padding space made a newline) fails the signature', () => {
    const f = variant('padding.kbundle', (b) => {
      b[payloadStart - 10] = 0x0a
      return b
    })
    expectRefused(
      pair.branch,
      f,
      /signature does not verify: it was changed after laptop-a signed it/,
    )
  })

  it('a frame cut out with the signed trailer put back on', () => {
    const cut = variant('frame-cut.kbundle', (b) =>
      Buffer.concat([
        b.subarray(0, payloadStart + 70_000),
        b.subarray(b.byteLength - TRAILER_BYTES),
      ]),
    )
    expectRefused(pair.branch, cut, /truncated/)
  })

  it('bytes appended', () => {
    expectRefused(
      pair.branch,
      variant('longer.kbundle', (b) => Buffer.concat([b, Buffer.from('x')])),
      /1 unexpected bytes after its end/,
    )
  })

  it('a file that is not a bundle at all', () => {
    expectRefused(
      pair.branch,
      variant('photo.kbundle', () => Buffer.from('\xff\xd8\xff\xe0 jpeg')),
      /not a kiosk export bundle/,
    )
    const r = kiosk(['import', at('missing.kbundle')], { dataDir: pair.branch })
    expect(r.stderr).toBe(
      `kiosk: import refused: cannot read the bundle ${at('missing.kbundle')} (no such file)\n`,
    )
    expect(r.code).toBe(2)
  })
})

describe('import refuses bundles from the wrong signer or for the wrong recipient', () => {
  it('signed by a laptop this branch does not trust', async () => {
    const c = join(root, 'laptop-c')
    kioskJson(['field', 'recipient', 'set', join(pair.usb, 'branch.pub')], { dataDir: c })
    await seed(c, [{ jobId: 'c-1', userId: 'uc-1' }])
    const { file } = exportBundle(c, pair.usb)
    const fp = kioskJson<{ fingerprint: string }>(['field', 'device-key'], {
      dataDir: c,
    }).fingerprint
    expectRefused(
      pair.branch,
      file,
      new RegExp(
        `signed by a device this machine does not trust \\(fingerprint ${fp.slice(0, 4)} ${fp.slice(4, 8)}`,
      ),
    )
  })

  it('signed by a laptop that was trusted and then revoked', async () => {
    const d = join(root, 'laptop-d')
    kioskJson(['field', 'recipient', 'set', join(pair.usb, 'branch.pub')], { dataDir: d })
    const key = kioskJson<{ publicKey: string }>(['field', 'device-key'], { dataDir: d }).publicKey
    kioskJson(['field', 'trust-device', 'laptop-d', key], { dataDir: pair.branch })
    kioskJson(['field', 'untrust-device', 'laptop-d'], { dataDir: pair.branch })
    await seed(d, [{ jobId: 'd-1', userId: 'ud-1' }])
    expectRefused(
      pair.branch,
      exportBundle(d, pair.usb).file,
      /signed by laptop-d, which is no longer trusted here/,
    )
  })

  it('encrypted for another branch machine', () => {
    const other = join(root, 'branch-2')
    kioskJson(['field', 'recipient', 'init'], { dataDir: other })
    kioskJson(['field', 'trust-device', 'laptop-a', join(pair.usb, 'laptop-a.pub')], {
      dataDir: other,
    })
    expectRefused(
      other,
      good,
      /encrypted for recipient key [0-9a-f ]+, which this machine does not hold \(its key is/,
    )
  })

  it('re-signed by another trusted laptop: the payload key is bound to the signer', () => {
    const e = join(root, 'laptop-e')
    const eKey = kioskJson<{ publicKey: string }>(['field', 'device-key'], { dataDir: e }).publicKey
    kioskJson(['field', 'trust-device', 'laptop-e', eKey], { dataDir: pair.branch })
    const core = openCore({ dataDir: e })
    const device = core.field.keys.deviceKey()
    core.close()
    const header = JSON.parse(
      bytes.subarray(PREAMBLE_BYTES, payloadStartOf()).toString('utf8').trimEnd(),
    ) as BundleHeader
    const forged = preambleAndHeader({
      ...header,
      device_key: device.public.text,
      device_fingerprint: device.public.fingerprint,
    })
    const body = bytes.subarray(forged.byteLength, bytes.byteLength - 64)
    writeFileSync(
      at('resigned.kbundle'),
      Buffer.concat([forged, body, signHeader(device.privateKey, forged)]),
    )
    expectRefused(pair.branch, at('resigned.kbundle'), /frame 1 failed its integrity check/)
  })
})

describe('import is whole or nothing, and happens once', () => {
  it('a signed bundle whose 3rd job does not match its manifest queues none of them', async () => {
    const core = openCore({ dataDir: pair.laptop })
    const device = core.field.keys.deviceKey()
    core.close()
    const recipient = parsePublicKey('x25519', pair.recipientKey.publicKey, 'test')
    const img = await solidJpeg(64, 64)
    const sha = (await import('node:crypto')).createHash('sha256').update(img).digest('hex')
    const w = await openBundleWriter({
      file: at('inconsistent.kbundle'),
      device,
      recipient,
      createdAt: new Date().toISOString(),
    })
    const jobs = [0, 1, 2].map((i) => ({
      job_id: `bad-${i}`,
      user_id: `ub-${i}`,
      job_type: 4 as const,
      images: [{ kind: 'selfie' as const, seq: 0, sha256: sha, size: img.byteLength }],
    }))
    await w.add(
      jsonRecord(RECORD.manifest, {
        schema: BUNDLE_SCHEMA,
        bundle_id: w.bundleId,
        device_fingerprint: device.public.fingerprint,
        created_at: new Date().toISOString(),
        jobs,
        totals: { jobs: 3, images: 3, image_bytes: 3 * img.byteLength },
      }),
    )
    for (const [i, j] of jobs.entries()) {
      const { images: _images, ...rest } = j
      await w.add(
        jsonRecord(RECORD.job, {
          ...rest,
          captured_at: new Date().toISOString(),
          state: 'captured',
          metadata: {},
          local_checks: null,
        }),
      )
      // The third job carries other bytes than its manifest lists (a laptop bug or worse).
      const bytesOut = i === 2 ? Buffer.concat([img, Buffer.from([0])]) : img
      await w.add(
        imageRecord(
          {
            job_id: j.job_id,
            kind: 'selfie',
            seq: 0,
            mime: 'image/jpeg',
            sha256: sha,
            width: 64,
            height: 64,
          },
          bytesOut,
        ),
      )
    }
    await w.add(jsonRecord(RECORD.end, { jobs: 3, images: 3, image_bytes: 3 * img.byteLength }))
    const { file } = await w.finish()
    expectRefused(
      pair.branch,
      file,
      /payload is damaged: the selfie image of job bad-2 does not match its manifest hash/,
    )
  })

  it('imports a good bundle once, and refuses it the second time', () => {
    const before = storeCounts(pair.branch)
    const r = kioskJson<{ counts: Record<string, number> }>(['import', good], {
      dataDir: pair.branch,
    })
    expect(r.counts).toEqual({ imported: 12, already_here: 0, conflict: 0 })
    expect(storeCounts(pair.branch)).toEqual({
      jobs: before.jobs + 12,
      images: before.images + 12 * 9,
      links: before.links + 12,
      imports: before.imports + 1,
    })
    copyFileSync(good, at('copy.kbundle'))
    expectRefused(
      pair.branch,
      at('copy.kbundle'),
      /was already imported here at .* \(12 jobs queued\); nothing was queued again/,
    )
  })

  it('every refusal of a real bundle is in the audit log', () => {
    const refusals = kioskJson<{ action: string; detail: { reason: string } }[]>(
      ['audit', 'list', '--action', 'field.import_refused', '--limit', '100'],
      { dataDir: pair.branch },
    )
    const reasons = refusals.map((r) => r.detail.reason).join('\n')
    expect(reasons).toMatch(/signature does not verify/)
    expect(reasons).toMatch(/does not trust/)
    expect(reasons).toMatch(/already imported/)
    // A path that is not a bundle is a typo, not a security event.
    expect(reasons).not.toMatch(/no such file/)
  })
})

function payloadStartOf(): number {
  return PREAMBLE_BYTES + HEADER_SLOT_BYTES
}
