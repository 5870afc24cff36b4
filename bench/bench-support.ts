/**
 * What several benches share: capture-sized images cut from a real face photo, and a field
 * laptop paired with a branch machine, the laptop holding jobs to carry.
 */
import { createHash } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { openCore } from '../electron/core/core'
import type { NewJobImage } from '../electron/core/store/jobs.repo'
import { sharedData } from '../test/support/shared-data'

/**
 * A selfie and `liveness` frames resized from one real photo (a path under shared/data), JPEG at
 * `quality`, as the reference SDKs send them; ready for `jobs.create`.
 */
export async function faceJobImages(
  src: string,
  o: { selfieWidth: number; livenessWidth: number; liveness: number; quality: number },
): Promise<NewJobImage[]> {
  const make = async (kind: 'selfie' | 'liveness', seq: number, width: number) => {
    const { data, info } = await sharp(src)
      .resize({ width })
      .jpeg({ quality: o.quality })
      .toBuffer({ resolveWithObject: true })
    return {
      kind,
      seq,
      mime: 'image/jpeg',
      sha256: createHash('sha256').update(data).digest('hex'),
      width: info.width,
      height: info.height,
      bytes: data,
    }
  }
  return [
    await make('selfie', 0, o.selfieWidth),
    ...(await Promise.all(
      Array.from({ length: o.liveness }, (_, k) => make('liveness', k, o.livenessWidth)),
    )),
  ]
}

/**
 * `work/laptop` and `work/branch` stores whose field keys trust each other, an empty `work/usb`,
 * and `jobs` enrolments (ids `${prefix}-N`) on the laptop: a 640 px selfie and `liveness` 320 px
 * frames of one real face. Both stores are closed again, ready for the CLI or a browser host.
 */
export async function pairedFieldStores(
  work: string,
  o: {
    jobs: number
    liveness: number
    prefix: string
    localChecks: Record<string, unknown> | null
  },
) {
  const dirs = {
    laptop: join(work, 'laptop'),
    branch: join(work, 'branch'),
    usb: join(work, 'usb'),
  }
  mkdirSync(dirs.usb, { recursive: true })
  // JPEG q85, as the reference SDKs send.
  const images = await faceJobImages(sharedData('faces', 'df_B', 'df_B_img3.jpg'), {
    selfieWidth: 640,
    livenessWidth: 320,
    liveness: o.liveness,
    quality: 85,
  })
  const a = openCore({ dataDir: dirs.laptop, localChecks: () => Promise.resolve(null) })
  const b = openCore({ dataDir: dirs.branch, localChecks: () => Promise.resolve(null) })
  try {
    const recipient = b.field.keys.initRecipient({ rotate: false, actor: 'bench' })
    a.field.keys.setRecipient(recipient.publicKey, 'bench')
    b.field.keys.trustDevice('bench-laptop', a.field.keys.deviceKeyView().publicKey, 'bench')
    for (let i = 0; i < o.jobs; i++) {
      a.jobs.create({
        jobId: `${o.prefix}-${i}`,
        userId: `${o.prefix}-user-${i}`,
        jobType: 4,
        images,
        localChecks: o.localChecks,
        metadata: { source: 'bench' },
      })
    }
  } finally {
    a.close()
    b.close()
  }
  return { ...dirs, images }
}
