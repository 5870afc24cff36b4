/**
 * The upload zip: info.json and the image files, flat, at the root. JSZip because it is what the
 * vendor's own Node library and web client use, so the bytes match what the backend already sees.
 * Reading (the sandbox's side) is bounded before and while JSZip works: the central directory
 * records are counted before JSZip parses them (it builds an object per record, ~7 KB each: 100 000
 * records in an 8 MB upload took 685 MB), the sizes the entries declare must fit the budget, and
 * inflated bytes are counted as they come out, so a zip bomb is refused before it fills memory or
 * burns minutes of CPU. CRCs are checked on the entries actually read, while reading them: JSZip's
 * own checkCRC32 inflated every entry in full first, used or not (a 1 MB bomb: 5 s of CPU).
 */
import { crc32 } from 'node:zlib'
import JSZip from 'jszip'
import type { z } from 'zod'
import type { ImageKind } from '../../shared/domain/job'
import { buildInfoJson, InfoJson, kindOfImageType, type InfoJsonInput } from './info-json'
import { errorText } from '../../shared/contract/result'

export async function buildJobZip(input: InfoJsonInput): Promise<Uint8Array> {
  const { info, files } = buildInfoJson(input)
  const zip = new JSZip()
  zip.file('info.json', JSON.stringify(info))
  for (const f of files) zip.file(f.name, f.bytes, { binary: true })
  // JPEGs do not deflate; STORE saves CPU on both ends for the same size.
  return zip.generateAsync({ type: 'uint8array', compression: 'STORE' })
}

export interface ZipImage {
  kind: ImageKind
  typeId: number
  bytes: Buffer
  name: string
}

/**
 * Why a zip is refused, in the vendor's codes: 0903 corrupt, 2203 bad info.json, 2204 a field of
 * the wrong type, 2213 missing, 0001 no usable selfie.
 */
export type ZipReadError = { code: '0903' | '2203' | '2204' | '2213' | '0001'; reason: string }
export type ZipRead =
  { ok: true; info: InfoJson; images: ZipImage[] } | ({ ok: false } & ZipReadError)

export interface ZipLimits {
  maxEntries: number
  maxInflatedBytes: number
}
export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntries: 64, maxInflatedBytes: 64 * 1024 * 1024 }

const JPEG_MAGIC = [0xff, 0xd8, 0xff]
export const looksLikeJpeg = (b: Uint8Array): boolean =>
  b.byteLength > 3 && JPEG_MAGIC.every((v, i) => b[i] === v)

export async function readJobZip(
  bytes: Uint8Array,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<ZipRead> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  // Every record JSZip parses starts with this signature: more of them than allowed, and the zip
  // is refused before JSZip spends memory on them.
  const names = centralNames(buf, limits.maxEntries + SPARE_SIGNATURES)
  if (names.length > limits.maxEntries + SPARE_SIGNATURES) {
    return {
      ok: false,
      code: '0903',
      reason: `Zip Corrupt: more than ${limits.maxEntries} entries`,
    }
  }
  let zip: JSZip
  try {
    zip = await JSZip.loadAsync(bytes)
  } catch (err) {
    return {
      ok: false,
      code: '0903',
      reason: `Zip Corrupt: ${oneLine(err)}`,
    }
  }
  const entries = Object.values(zip.files).filter((f) => !f.dir)
  if (entries.length > limits.maxEntries) {
    return {
      ok: false,
      code: '0903',
      reason: `Zip Corrupt: ${entries.length} entries (at most ${limits.maxEntries})`,
    }
  }
  const ambiguous = duplicateName(names)
  if (ambiguous !== null) {
    return {
      ok: false,
      code: '0903',
      reason: `Zip Corrupt: more than one entry is named ${ambiguous}`,
    }
  }
  const declared = entries.reduce((n, e) => n + (compressedObject(e)?.uncompressedSize ?? 0), 0)
  if (declared > limits.maxInflatedBytes) {
    return {
      ok: false,
      code: '0903',
      reason: `Zip Corrupt: the entries declare ${declared} bytes (at most ${limits.maxInflatedBytes})`,
    }
  }
  const budget = { left: limits.maxInflatedBytes }
  const infoEntry = entries.find((f) => basename(f.name).toLowerCase() === 'info.json')
  if (infoEntry === undefined) {
    return {
      ok: false,
      code: '2213',
      reason: 'A required parameter is missing: info.json is not in the zip',
    }
  }

  let infoRaw: unknown
  try {
    infoRaw = JSON.parse((await inflate(infoEntry, budget)).toString('utf8'))
  } catch (err) {
    if (err instanceof ZipLimitError) return { ok: false, code: '0903', reason: err.message }
    // A damaged entry is a corrupt zip; only text that inflated intact and is not JSON is 2203.
    if (!(err instanceof SyntaxError)) {
      return { ok: false, code: '0903', reason: `Zip Corrupt: ${oneLine(err)}` }
    }
    return { ok: false, code: '2203', reason: 'Invalid JSON: info.json is not valid JSON' }
  }
  const parsed = InfoJson.safeParse(infoRaw)
  if (!parsed.success) return infoJsonProblem(infoRaw, parsed.error.issues[0])

  const byName = new Map(entries.map((f) => [basename(f.name), f]))
  const images: ZipImage[] = []
  try {
    for (const img of parsed.data.images) {
      const type = kindOfImageType(img.image_type_id)
      if (type === undefined) continue
      if (type.inline) {
        const b64 = img.image ?? ''
        if (!/^[A-Za-z0-9+/=\s]+$/.test(b64)) {
          return {
            ok: false,
            code: '2203',
            reason: `Invalid JSON: image_type_id ${img.image_type_id} is not base64`,
          }
        }
        images.push({
          kind: type.kind,
          typeId: img.image_type_id,
          bytes: Buffer.from(b64, 'base64'),
          name: '',
        })
        continue
      }
      const name = basename(img.file_name ?? '')
      const entry = byName.get(name)
      if (name === '' || entry === undefined) {
        // The zip lacks a file info.json names: for the selfie that is "selfie not in zip" (0001).
        if (type.kind === 'selfie') {
          return {
            ok: false,
            code: '0001',
            reason: `Data Invalid: selfie ${name || '(no file_name)'} is not in the zip`,
          }
        }
        return {
          ok: false,
          code: '2213',
          reason: `A required parameter is missing: ${name || '(no file_name)'} is not in the zip`,
        }
      }
      images.push({
        kind: type.kind,
        typeId: img.image_type_id,
        bytes: await inflate(entry, budget),
        name,
      })
    }
  } catch (err) {
    if (err instanceof ZipLimitError) return { ok: false, code: '0903', reason: err.message }
    return { ok: false, code: '0903', reason: `Zip Corrupt: ${oneLine(err)}` }
  }
  const selfie = images.find((i) => i.kind === 'selfie')
  if (selfie === undefined) {
    return { ok: false, code: '0001', reason: 'Data Invalid: no selfie image in the job' }
  }
  if (!looksLikeJpeg(selfie.bytes)) {
    return { ok: false, code: '0001', reason: 'Data Invalid: the selfie is not a JPEG image' }
  }
  return { ok: true, info: parsed.data, images }
}

class ZipLimitError extends Error {}

/**
 * The vendor's code for what is wrong with info.json: 2213 a field is absent (or null), 2204 it
 * has the wrong type (the whole file not being an object included), 2203 any other bad value.
 * Decided from the document itself: zod 4 issues carry no input unless asked to.
 */
function infoJsonProblem(raw: unknown, issue: z.core.$ZodIssue | undefined): ZipRead {
  const path = issue?.path ?? []
  const where = path.length === 0 ? 'info.json' : `info.json ${path.join('.')}`
  let value: unknown = raw
  for (const k of path) {
    value =
      value !== null && typeof value === 'object'
        ? (value as Record<PropertyKey, unknown>)[k]
        : undefined
  }
  if (path.length > 0 && (value === undefined || value === null)) {
    return { ok: false, code: '2213', reason: `A required parameter is missing: ${where}` }
  }
  if (path.length === 0 || issue?.code === 'invalid_type') {
    return {
      ok: false,
      code: '2204',
      reason:
        `A parameter is of the wrong data type: ${where} ${path.length === 0 ? 'must be a JSON object' : (issue?.message ?? '')}`.trim(),
    }
  }
  return {
    ok: false,
    code: '2203',
    reason: `Invalid JSON: ${where} ${issue?.message ?? ''}`.trim(),
  }
}

/**
 * Inflates one entry, counting bytes as they come out and stopping at the budget, and checks its
 * CRC-32 against the one the zip declares.
 */
function inflate(entry: JSZip.JSZipObject, budget: { left: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let crc = 0
    let stopped = false
    const stream = entry.nodeStream('nodebuffer')
    stream
      .on('data', (chunk: Buffer) => {
        if (stopped) return
        budget.left -= chunk.byteLength
        if (budget.left < 0) {
          stopped = true
          stream.pause()
          reject(new ZipLimitError('Zip Corrupt: the zip inflates to more than the allowed size'))
          return
        }
        crc = crc32(chunk, crc)
        chunks.push(chunk)
      })
      .on('error', (err: Error) => reject(err))
      .on('end', () => {
        const expected = compressedObject(entry)?.crc32
        if (expected !== undefined && expected >>> 0 !== crc >>> 0) {
          reject(new Error(`CRC32 mismatch in ${entry.name}`))
        } else {
          resolve(Buffer.concat(chunks))
        }
      })
  })
}

const basename = (name: string): string => name.replace(/^.*[\\/]/, '')

/** JSZip's private `_data` of a loaded entry: what the central directory declared for it. */
function compressedObject(
  e: JSZip.JSZipObject,
): { uncompressedSize?: number; crc32?: number } | undefined {
  return (e as unknown as { _data?: { uncompressedSize?: number; crc32?: number } })._data
}

const CENTRAL_RECORD = Buffer.from([0x50, 0x4b, 0x01, 0x02])
/** The signature may also occur by chance inside compressed data (about once per 4 GB). */
const SPARE_SIGNATURES = 16

/**
 * The names of the central directory records, read where their signature occurs (at most
 * `stopAfter` + 1 of them): cheap, and an upper bound of what JSZip would parse.
 */
function centralNames(buf: Buffer, stopAfter: number): string[] {
  const names: string[] = []
  for (
    let at = buf.indexOf(CENTRAL_RECORD);
    at !== -1 && names.length <= stopAfter;
    at = buf.indexOf(CENTRAL_RECORD, at + 1)
  ) {
    const len = at + 30 <= buf.byteLength ? buf.readUInt16LE(at + 28) : 0
    names.push(buf.toString('utf8', at + 46, Math.min(buf.byteLength, at + 46 + len)))
  }
  return names
}

/**
 * A file name the zip holds twice: the same path twice (JSZip silently keeps the last) or the
 * same file name in two folders (the job would be read from whichever came last). Either way
 * which image is meant is unknown.
 */
function duplicateName(names: readonly string[]): string | null {
  const seen = new Set<string>()
  for (const n of names) {
    if (n.endsWith('/') || n.endsWith('\\')) continue
    const name = basename(n)
    if (seen.has(name)) return name
    seen.add(name)
  }
  return null
}

const oneLine = (err: unknown): string => errorText(err).replace(/\s+/g, ' ').trim().slice(0, 200)
