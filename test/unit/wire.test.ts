import { describe, expect, it } from 'vitest'
import { decodeFrame, encodeFrame } from '../../electron/shared/contract/wire'

describe('host wire frames', () => {
  it('round-trips JSON with byte arrays lifted out, bytes intact', () => {
    const a = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])
    const b = new Uint8Array(100_000).map((_, i) => i % 251)
    const msg = {
      id: 7,
      channel: 'jobs:capture',
      input: {
        images: [
          { kind: 'selfie', bytes: a },
          { kind: 'liveness', bytes: b },
        ],
        note: 'x',
      },
    }
    const frame = encodeFrame(msg)
    // Binary, not base64: the frame is barely larger than the bytes it carries.
    expect(frame.byteLength).toBeLessThan(a.byteLength + b.byteLength + 300)
    expect(decodeFrame(frame)).toEqual(msg)
  })

  it('refuses frames whose header lies about the blobs', () => {
    const frame = encodeFrame({ bytes: new Uint8Array([1, 2, 3]) })
    expect(() => decodeFrame(frame.subarray(0, frame.byteLength - 1))).toThrow(/length/)
    expect(() => decodeFrame(new Uint8Array([0, 0, 0, 50, 123]))).toThrow(/past its end/)
    const forged = new TextEncoder().encode('{"a":{"$bin":5,"n":1}}')
    const f = new Uint8Array(4 + forged.byteLength + 1)
    new DataView(f.buffer).setUint32(0, forged.byteLength)
    f.set(forged, 4)
    expect(() => decodeFrame(f)).toThrow(/malformed blob reference/)
    expect(() => decodeFrame(new Uint8Array([1]))).toThrow(/too short/)
  })
})
