/**
 * Reads a bundle file without trusting it: the preamble and header first (checked against the
 * file's real length), the trailer's signature, a hashing pass over the payload, and then the
 * frames one at a time. Synchronous on purpose: the import decrypts and stores every job inside
 * one SQLite transaction (better-sqlite3 transactions cannot span an await), so a bundle that
 * fails anywhere leaves nothing behind. Memory stays at one read block plus one frame.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { AppError } from '../../shared/contract/result'
import {
  checkHeader,
  FRAME_PREFIX_BYTES,
  HEADER_SLOT_BYTES,
  PREAMBLE_BYTES,
  SIGNATURE_BYTES,
  TAG_BYTES,
  TRAILER_BYTES,
  TRAILER_MAGIC,
  type BundleHeader,
  type HeaderCheck,
} from '../../shared/field/bundle-header.policy'

const BLOCK = 1024 * 1024

export interface SealedFrame {
  index: number
  last: boolean
  sealed: Buffer
}

export class BundleFile {
  readonly size: number
  private readonly fd: number

  constructor(readonly path: string) {
    try {
      this.fd = openSync(path, 'r')
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      const why =
        code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(code)
      throw new AppError('invalid_input', `cannot read the bundle ${path} (${why})`)
    }
    const st = fstatSync(this.fd)
    if (!st.isFile()) {
      closeSync(this.fd)
      throw new AppError('invalid_input', `${path} is not a file`)
    }
    this.size = st.size
  }

  close(): void {
    closeSync(this.fd)
  }

  read(at: number, length: number): Buffer {
    const buf = Buffer.alloc(length)
    let done = 0
    while (done < length) {
      const n = readSync(this.fd, buf, done, length - done, at + done)
      if (n === 0) break
      done += n
    }
    return done === length ? buf : buf.subarray(0, done)
  }

  /** Preamble + header as signed, and what the header policy makes of them. */
  header(): { check: HeaderCheck; signed: Buffer } {
    const pre = this.read(0, PREAMBLE_BYTES)
    const preamble = {
      magic: pre.byteLength >= 8 ? pre.toString('latin1', 0, 8) : '',
      format: pre.byteLength >= 10 ? pre.readUInt16BE(8) : 0,
      headerLength: pre.byteLength >= 16 ? pre.readUInt32BE(12) : 0,
    }
    const slot = this.read(PREAMBLE_BYTES, HEADER_SLOT_BYTES)
    const text = slot.byteLength === HEADER_SLOT_BYTES ? slot.toString('utf8').trimEnd() : null
    return {
      check: checkHeader(preamble, text, this.size),
      signed: Buffer.concat([pre, slot]),
    }
  }

  /** The trailer's signature, or null when the trailer is not there or malformed. */
  signature(): Buffer | null {
    const t = this.read(this.size - TRAILER_BYTES, TRAILER_BYTES)
    if (t.byteLength !== TRAILER_BYTES || t.toString('latin1', 0, 4) !== TRAILER_MAGIC) return null
    if (t.readUInt16BE(4) !== SIGNATURE_BYTES) return null
    return t.subarray(6)
  }

  /** SHA-256 of the payload region, read in 1 MiB blocks. */
  payloadSha256(h: BundleHeader): string {
    const hash = createHash('sha256')
    const start = PREAMBLE_BYTES + HEADER_SLOT_BYTES
    for (let at = 0; at < h.payload_length; at += BLOCK) {
      hash.update(this.read(start + at, Math.min(BLOCK, h.payload_length - at)))
    }
    return hash.digest('hex')
  }

  /**
   * The sealed frames in order, hashing them on the way (the file is re-hashed while it is
   * decrypted, so a file swapped between the checking pass and this one is still caught).
   */
  *frames(h: BundleHeader, hash: { update(b: Buffer): void }): Generator<SealedFrame> {
    const start = PREAMBLE_BYTES + HEADER_SLOT_BYTES
    const end = start + h.payload_length
    let at = start
    for (let index = 0; index < h.frames; index++) {
      const prefix = this.read(at, FRAME_PREFIX_BYTES)
      const len = prefix.byteLength === FRAME_PREFIX_BYTES ? prefix.readUInt32BE(0) : -1
      if (len <= TAG_BYTES || len > h.frame_size + TAG_BYTES || at + 4 + len > end) {
        throw new AppError(
          'invalid_input',
          `the bundle payload is damaged: frame ${index + 1} of ${h.frames} has a bad length`,
        )
      }
      const sealed = this.read(at + FRAME_PREFIX_BYTES, len)
      hash.update(prefix)
      hash.update(sealed)
      at += FRAME_PREFIX_BYTES + len
      yield { index, last: index === h.frames - 1, sealed }
    }
    if (at !== end) {
      throw new AppError(
        'invalid_input',
        'the bundle payload is damaged: its frames do not fill it exactly',
      )
    }
  }
}
