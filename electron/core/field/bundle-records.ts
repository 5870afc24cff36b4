/**
 * The records inside a bundle's encrypted payload: `type u8 | length u32 | body`, in this order:
 * MANIFEST (job ids, per-image hashes, counts, schema version), then per job one JOB record and
 * its IMAGE records, then END (the counts again: a payload cut at a record boundary is caught even
 * if every frame before the cut is intact). Records may span frames; the parser holds at most one
 * record (one image) in memory. Every record is checked against the manifest as it arrives.
 */
import { z } from 'zod'
import { AppError } from '../../shared/contract/result'
import { ImageKind, JobId, JobType, UserId } from '../../shared/domain/job'
import { BUNDLE_SCHEMA, Fingerprint } from '../../shared/field/bundle-header.policy'
import { MAX_IMAGE_BYTES } from '../../shared/contract/schema'

export const RECORD = { manifest: 1, job: 2, image: 3, end: 0x7f } as const
export type RecordType = (typeof RECORD)[keyof typeof RECORD]

const MAX_BODY: Record<RecordType, number> = {
  1: 64 * 1024 * 1024,
  2: 8 * 1024 * 1024,
  3: MAX_IMAGE_BYTES + 64 * 1024,
  0x7f: 64 * 1024,
}

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/)

export const ManifestImage = z.object({
  kind: ImageKind,
  seq: z.number().int().min(0),
  sha256: Sha256,
  size: z.number().int().min(1).max(MAX_IMAGE_BYTES),
})

export const Manifest = z.object({
  schema: z.number().int(),
  bundle_id: z.uuid(),
  device_fingerprint: Fingerprint,
  created_at: z.string(),
  jobs: z.array(
    z.object({
      job_id: JobId,
      user_id: UserId,
      job_type: JobType,
      images: z.array(ManifestImage).min(1).max(24),
    }),
  ),
  totals: z.object({ jobs: z.number().int(), images: z.number().int(), image_bytes: z.number() }),
})
export type Manifest = z.infer<typeof Manifest>

export const JobRecord = z.object({
  job_id: JobId,
  user_id: UserId,
  job_type: JobType,
  /** When the laptop captured it (its clock), and the state it was in when exported. */
  captured_at: z.string(),
  state: z.string(),
  metadata: z.record(z.string(), z.unknown()),
  local_checks: z.record(z.string(), z.unknown()).nullable(),
})
export type JobRecord = z.infer<typeof JobRecord>

export const ImageMeta = z.object({
  job_id: JobId,
  kind: ImageKind,
  seq: z.number().int().min(0),
  mime: z.string().max(64),
  sha256: Sha256,
  width: z.number().int().min(1),
  height: z.number().int().min(1),
})
export type ImageMeta = z.infer<typeof ImageMeta>

export const EndRecord = z.object({
  jobs: z.number().int(),
  images: z.number().int(),
  image_bytes: z.number(),
})

export function encodeRecord(type: RecordType, body: Buffer): Buffer {
  const head = Buffer.alloc(5)
  head[0] = type
  head.writeUInt32BE(body.byteLength, 1)
  return Buffer.concat([head, body])
}

export const jsonRecord = (type: RecordType, value: unknown): Buffer =>
  encodeRecord(type, Buffer.from(JSON.stringify(value), 'utf8'))

export function imageRecord(meta: ImageMeta, bytes: Buffer): Buffer {
  const json = Buffer.from(JSON.stringify(meta), 'utf8')
  const len = Buffer.alloc(2)
  len.writeUInt16BE(json.byteLength)
  return encodeRecord(RECORD.image, Buffer.concat([len, json, bytes]))
}

export function splitImage(body: Buffer): { meta: ImageMeta; bytes: Buffer } {
  const n = body.byteLength >= 2 ? body.readUInt16BE(0) : -1
  if (n < 2 || body.byteLength < 2 + n) throw damaged('an image record is cut short')
  const meta = parseJson(ImageMeta, body.subarray(2, 2 + n), 'an image record')
  return { meta, bytes: body.subarray(2 + n) }
}

export function parseJson<T>(schema: z.ZodType<T>, body: Buffer, what: string): T {
  let json: unknown
  try {
    json = JSON.parse(body.toString('utf8'))
  } catch {
    throw damaged(`${what} is not readable`)
  }
  const r = schema.safeParse(json)
  if (!r.success) {
    throw damaged(`${what} is malformed (${r.error.issues[0]?.path.join('.') || 'shape'})`)
  }
  return r.data
}

export const damaged = (what: string): AppError =>
  new AppError('invalid_input', `the bundle payload is damaged: ${what}`)

export interface ParsedRecord {
  type: RecordType
  body: Buffer
}

/** Cuts a byte stream into records; `push` returns the records completed by the new bytes. */
export function createRecordParser() {
  let chunks: Buffer[] = []
  let size = 0
  // The record being gathered, once its 5-byte head is known: bytes are only joined when it is
  // complete, so a large image spread over many frames is copied once, not once per frame.
  let head: { type: RecordType; length: number } | null = null
  const joined = (): Buffer => {
    const all = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size)
    chunks = [all]
    return all
  }
  return {
    push(bytes: Buffer): ParsedRecord[] {
      chunks.push(bytes)
      size += bytes.byteLength
      const out: ParsedRecord[] = []
      for (;;) {
        if (head === null) {
          if (size < 5) break
          const all = joined()
          const type = all[0] ?? 0
          const length = all.readUInt32BE(1)
          if (!isRecordType(type)) throw damaged(`unknown record type ${type}`)
          if (length > MAX_BODY[type]) throw damaged(`a record of ${length} bytes is too large`)
          head = { type, length }
        }
        if (size < 5 + head.length) break
        const all = joined()
        out.push({ type: head.type, body: Buffer.from(all.subarray(5, 5 + head.length)) })
        const rest = all.subarray(5 + head.length)
        chunks = rest.byteLength > 0 ? [rest] : []
        size = rest.byteLength
        head = null
      }
      return out
    },
    /** Bytes left over that do not make a whole record (must be none at the end). */
    pending: () => size,
  }
}

const isRecordType = (t: number): t is RecordType =>
  t === RECORD.manifest || t === RECORD.job || t === RECORD.image || t === RECORD.end

export { BUNDLE_SCHEMA }
