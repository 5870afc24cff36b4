/**
 * Binary framing for the browser host's WebSocket: JSON with byte arrays lifted out, so images
 * cross without base64. Frame = u32 header length | header JSON (UTF-8) | blob 0 | blob 1 | …
 * Runtime-neutral (no Node, no DOM beyond TextEncoder) so server and page share it.
 */
const BIN = '$bin'

export function encodeFrame(value: unknown): Uint8Array {
  const blobs: Uint8Array[] = []
  const header = JSON.stringify(value, (_k, v: unknown) => {
    if (v instanceof Uint8Array) {
      blobs.push(v)
      return { [BIN]: blobs.length - 1, n: v.byteLength }
    }
    return v
  })
  const head = new TextEncoder().encode(header)
  const total = 4 + head.byteLength + blobs.reduce((n, b) => n + b.byteLength, 0)
  const out = new Uint8Array(total)
  new DataView(out.buffer).setUint32(0, head.byteLength)
  out.set(head, 4)
  let at = 4 + head.byteLength
  for (const b of blobs) {
    out.set(b, at)
    at += b.byteLength
  }
  return out
}

export function decodeFrame(frame: Uint8Array): unknown {
  if (frame.byteLength < 4) throw new Error('frame too short')
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength)
  const headLen = view.getUint32(0)
  if (4 + headLen > frame.byteLength) throw new Error('frame header runs past its end')
  const header = new TextDecoder().decode(frame.subarray(4, 4 + headLen))
  // References never nest, so the reviver meets them in the order the encoder wrote them;
  // anything else (gaps, repeats, bad lengths) is a forged frame.
  const lengths: number[] = []
  JSON.parse(header, (_k, v: unknown) => {
    if (!isBinRef(v)) return v
    if (v[BIN] !== lengths.length || !Number.isSafeInteger(v.n) || v.n < 0) {
      throw new Error('frame has a malformed blob reference')
    }
    lengths.push(v.n)
    return v
  })
  const offsets: number[] = []
  let at = 4 + headLen
  for (const n of lengths) {
    offsets.push(at)
    at += n
  }
  if (at !== frame.byteLength) throw new Error('frame length does not match its header')
  return JSON.parse(header, (_k, v: unknown) => {
    if (!isBinRef(v)) return v
    const start = offsets[v[BIN]]
    if (start === undefined) throw new Error('frame refers to a missing blob')
    return frame.slice(start, start + v.n)
  })
}

function isBinRef(v: unknown): v is { [BIN]: number; n: number } {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as Record<string, unknown>)[BIN] === 'number' &&
    typeof (v as Record<string, unknown>).n === 'number'
  )
}

/** Messages on the host socket. */
export type ClientMessage = { id: number; channel: string; input: unknown }
export type ServerMessage =
  | { id: number; result: { ok: true; value: unknown } | { ok: false; error: unknown } }
  | { event: string; payload: unknown }
