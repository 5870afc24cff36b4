/** What several benches share: capture-sized images cut from a real face photo. */
import { createHash } from 'node:crypto'
import sharp from 'sharp'
import type { NewJobImage } from '../electron/core/store/jobs.repo'

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
