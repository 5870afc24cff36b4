/**
 * Writes one bundle file, streaming: records go in, sealed frames go out, and only one frame plus
 * one record is ever in memory (1,000 jobs of 9 images never are). The header slot at the start is
 * reserved and filled in last, when the payload's length and SHA-256 are known; then the header is
 * signed and the signature appended. The file is written under a temporary name, flushed to disk
 * and only then renamed, so a stick pulled out mid-export never holds a half bundle that looks whole.
 */
import { createHash, randomUUID, type Hash } from 'node:crypto'
import { open, rename, rm, type FileHandle } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import {
  BUNDLE_CIPHER,
  BUNDLE_FORMAT,
  BUNDLE_MAGIC,
  DEFAULT_FRAME_BYTES,
  FRAME_PREFIX_BYTES,
  HEADER_SLOT_BYTES,
  PREAMBLE_BYTES,
  SIGNATURE_BYTES,
  TRAILER_MAGIC,
  type BundleHeader,
} from '../../shared/field/bundle-header.policy'
import { payloadKey, sealFrame, senderAgreement, signHeader } from './bundle-crypto'
import type { KeyPair, PublicKeyInfo } from './field-keys'

export interface WriterOptions {
  /** Final path of the bundle; written as a hidden .part file next to it first. */
  file: string
  device: KeyPair
  recipient: PublicKeyInfo
  createdAt: string
  frameSize?: number
  bundleId?: string
}

export interface WrittenBundle {
  file: string
  bundleId: string
  bytes: number
  frames: number
  records: number
  payloadSha256: string
}

const FLUSH_BYTES = 1024 * 1024

export interface BundleWriter {
  readonly bundleId: string
  add(record: Buffer): Promise<void>
  finish(): Promise<WrittenBundle>
  abort(): Promise<void>
}

export async function openBundleWriter(o: WriterOptions): Promise<BundleWriter> {
  const bundleId = o.bundleId ?? randomUUID()
  const frameSize = o.frameSize ?? DEFAULT_FRAME_BYTES
  const agreement = senderAgreement(o.recipient)
  const key = payloadKey(agreement.shared, {
    bundleId,
    deviceFp: o.device.public.fingerprint,
    recipientFp: o.recipient.fingerprint,
    ephemeral: agreement.ephemeral.text,
  })
  const part = join(dirname(o.file), `.${basename(o.file)}.part`)
  const fh: FileHandle = await open(part, 'wx', 0o600)
  const hash: Hash = createHash('sha256')
  let position = PREAMBLE_BYTES + HEADER_SLOT_BYTES
  let frames = 0
  let records = 0
  let plain: Buffer[] = []
  let plainSize = 0
  let out: Buffer[] = []
  let outSize = 0
  let closed = false

  await fh.write(Buffer.alloc(position), 0, position, 0)

  function emitFrame(chunk: Buffer, last: boolean): void {
    const sealed = sealFrame(key, frames, last, chunk)
    const prefix = Buffer.alloc(FRAME_PREFIX_BYTES)
    prefix.writeUInt32BE(sealed.byteLength)
    hash.update(prefix).update(sealed)
    out.push(prefix, sealed)
    outSize += prefix.byteLength + sealed.byteLength
    frames++
  }

  async function flush(): Promise<void> {
    if (outSize === 0) return
    const buf = Buffer.concat(out, outSize)
    out = []
    outSize = 0
    await writeAll(fh, buf, position)
    position += buf.byteLength
  }

  /** Emits full frames while more than one frame's worth waits: the last frame is kept back. */
  async function drain(): Promise<void> {
    if (plainSize <= frameSize) return
    let all = Buffer.concat(plain, plainSize)
    while (all.byteLength > frameSize) {
      emitFrame(all.subarray(0, frameSize), false)
      all = all.subarray(frameSize)
    }
    plain = [Buffer.from(all)]
    plainSize = all.byteLength
    if (outSize >= FLUSH_BYTES) await flush()
  }

  async function abort(): Promise<void> {
    if (closed) return
    closed = true
    await fh.close().catch(() => undefined)
    await rm(part, { force: true })
  }

  return {
    bundleId,
    async add(record) {
      plain.push(record)
      plainSize += record.byteLength
      records++
      await drain()
    },
    async finish() {
      try {
        emitFrame(Buffer.concat(plain, plainSize), true)
        plain = []
        await flush()
        const payloadLength = position - PREAMBLE_BYTES - HEADER_SLOT_BYTES
        const header: BundleHeader = {
          format: BUNDLE_FORMAT,
          bundle_id: bundleId,
          created_at: o.createdAt,
          device_key: o.device.public.text,
          device_fingerprint: o.device.public.fingerprint,
          recipient_fingerprint: o.recipient.fingerprint,
          ephemeral_key: agreement.ephemeral.text,
          cipher: BUNDLE_CIPHER,
          frame_size: frameSize,
          frames,
          records,
          payload_length: payloadLength,
          payload_sha256: hash.digest('hex'),
        }
        const head = preambleAndHeader(header)
        await writeAll(fh, head, 0)
        const trailer = Buffer.alloc(4 + 2)
        trailer.write(TRAILER_MAGIC, 0, 'latin1')
        trailer.writeUInt16BE(SIGNATURE_BYTES, 4)
        const sig = signHeader(o.device.privateKey, head)
        await writeAll(fh, Buffer.concat([trailer, sig]), position)
        position += trailer.byteLength + sig.byteLength
        await fh.datasync()
        await fh.close()
        closed = true
        await rename(part, o.file)
        await syncDir(dirname(o.file))
        return {
          file: o.file,
          bundleId,
          bytes: position,
          frames,
          records,
          payloadSha256: header.payload_sha256,
        }
      } catch (err) {
        await abort()
        throw err
      }
    },
    abort,
  }
}

/** The first PREAMBLE_BYTES + HEADER_SLOT_BYTES of the file: what the signature covers. */
export function preambleAndHeader(header: BundleHeader): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8')
  if (json.byteLength > HEADER_SLOT_BYTES) throw new Error('bundle header too large')
  const buf = Buffer.alloc(PREAMBLE_BYTES + HEADER_SLOT_BYTES, 0x20)
  buf.write(BUNDLE_MAGIC, 0, 'latin1')
  buf.writeUInt16BE(BUNDLE_FORMAT, 8)
  buf.writeUInt16BE(0, 10)
  buf.writeUInt32BE(HEADER_SLOT_BYTES, 12)
  json.copy(buf, PREAMBLE_BYTES)
  return buf
}

async function writeAll(fh: FileHandle, buf: Buffer, at: number): Promise<void> {
  let done = 0
  while (done < buf.byteLength) {
    const { bytesWritten } = await fh.write(buf, done, buf.byteLength - done, at + done)
    done += bytesWritten
  }
}

/** The rename itself must reach the disk too; Windows cannot open a folder for this. */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return
  const d = await open(dir, 'r')
  try {
    await d.sync()
  } catch {
    // some file systems (FAT on a stick, network shares) refuse fsync on a folder; the file is synced
  } finally {
    await d.close()
  }
}
