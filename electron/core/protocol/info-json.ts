/**
 * info.json, the job description inside the upload zip (backend-protocol.md §4). image_type_id:
 * 0 selfie / 1 ID front / 4 liveness / 5 ID back are files in the zip; 2 / 3 / 6 / 7 are the
 * same images inline as base64. The 2/3/6/7 ↔ 0/1/4/5 pairing is the vendor's, not a guess.
 */
import { z } from 'zod'
import type { ImageKind } from '../../shared/domain/job'
import type { PartnerParams } from './prep-upload'

export type ImageMode = 'file' | 'base64'

const FILE_TYPE: Record<ImageKind, number> = { selfie: 0, id_front: 1, liveness: 4, id_back: 5 }
const BASE64_TYPE: Record<ImageKind, number> = { selfie: 2, id_front: 3, liveness: 6, id_back: 7 }
const KIND_OF_TYPE: Record<number, { kind: ImageKind; inline: boolean }> = {
  0: { kind: 'selfie', inline: false },
  1: { kind: 'id_front', inline: false },
  2: { kind: 'selfie', inline: true },
  3: { kind: 'id_front', inline: true },
  4: { kind: 'liveness', inline: false },
  5: { kind: 'id_back', inline: false },
  6: { kind: 'liveness', inline: true },
  7: { kind: 'id_back', inline: true },
}

export const imageTypeId = (kind: ImageKind, mode: ImageMode): number =>
  (mode === 'file' ? FILE_TYPE : BASE64_TYPE)[kind]
export const kindOfImageType = (id: number): { kind: ImageKind; inline: boolean } | undefined =>
  KIND_OF_TYPE[id]

export interface UploadImage {
  kind: ImageKind
  bytes: Uint8Array
}

export interface InfoJsonInput {
  images: readonly UploadImage[]
  mode: ImageMode
  partnerId: string
  partnerParams: PartnerParams
  retry: boolean
}

export interface InfoJsonEntry {
  image_type_id: number
  image: string
  file_name: string
}

export interface BuiltInfoJson {
  info: Record<string, unknown>
  /** Files that go next to info.json at the zip root (file mode only). */
  files: { name: string; bytes: Uint8Array }[]
}

/**
 * Builds info.json and the file list. Names are unique (a duplicate entry crashed the Android
 * zipper), flat, and JPEG-only by extension because the backend accepts JPEG only. Signature and
 * timestamp are left out on purpose: they authenticate the prep request, not the zip.
 */
export function buildInfoJson(input: InfoJsonInput): BuiltInfoJson {
  const taken = new Set<string>()
  const files: { name: string; bytes: Uint8Array }[] = []
  const seq: Partial<Record<ImageKind, number>> = {}
  const images: InfoJsonEntry[] = input.images.map((img) => {
    const n = (seq[img.kind] = (seq[img.kind] ?? 0) + 1)
    const type = imageTypeId(img.kind, input.mode)
    if (input.mode === 'base64') {
      return {
        image_type_id: type,
        image: Buffer.from(img.bytes).toString('base64'),
        file_name: '',
      }
    }
    const name = uniqueName(
      img.kind === 'liveness' ? `liveness_${n}.jpg` : `${img.kind}.jpg`,
      taken,
    )
    files.push({ name, bytes: img.bytes })
    return { image_type_id: type, image: '', file_name: name }
  })
  const info = {
    package_information: {
      apiVersion: { buildNumber: 0, majorVersion: 2, minorVersion: 0 },
      language: 'typescript',
    },
    misc_information: {
      retry: input.retry,
      partner_params: input.partnerParams,
      smile_client_id: input.partnerId,
      file_name: 'selfie.zip',
    },
    id_info: { entered: 'false' },
    images,
  }
  return { info, files }
}

/** `name.jpg`, then `name-1.jpg`, `name-2.jpg` … as the Android SDK de-duplicates. */
export function uniqueName(name: string, taken: Set<string>): string {
  const flat = name.replace(/^.*[\\/]/, '')
  const dot = flat.lastIndexOf('.')
  const stem = dot > 0 ? flat.slice(0, dot) : flat
  const ext = dot > 0 ? flat.slice(dot) : ''
  let candidate = flat
  for (let i = 1; taken.has(candidate); i++) candidate = `${stem}-${i}${ext}`
  taken.add(candidate)
  return candidate
}

const TypeId = z
  .union([z.number(), z.string().regex(/^\d+$/)])
  .transform((v) => Number(v))
  .pipe(z.number().int().min(0).max(7))

/** info.json as a backend reads it: image_type_id as int or string (mobile SDKs send strings). */
export const InfoJson = z.looseObject({
  images: z.array(
    z.looseObject({
      image_type_id: TypeId,
      image: z.string().nullish(),
      file_name: z.string().nullish(),
    }),
  ),
})
export type InfoJson = z.infer<typeof InfoJson>
