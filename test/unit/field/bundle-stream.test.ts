/** The payload's two layers in memory: STREAM frames (AES-256-GCM) and the records inside. */
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  openFrame,
  payloadKey,
  recipientAgreement,
  sealFrame,
  senderAgreement,
} from '../../../electron/core/field/bundle-crypto'
import {
  createRecordParser,
  encodeRecord,
  imageRecord,
  jsonRecord,
  RECORD,
  splitImage,
} from '../../../electron/core/field/bundle-records'
import { publicKeyFromRaw } from '../../../electron/core/field/field-keys'

function recipient() {
  const pair = generateKeyPairSync('x25519')
  const raw = Buffer.from(String(pair.publicKey.export({ format: 'jwk' }).x), 'base64url')
  return { info: publicKeyFromRaw('x25519', raw), privateKey: pair.privateKey }
}

const ids = {
  bundleId: '5b0c6f7e-2a0d-4c39-9d0a-6f2b8c1e9a11',
  deviceFp: 'a'.repeat(32),
  recipientFp: 'b'.repeat(32),
}

describe('bundle frames', () => {
  const r = recipient()
  const sent = senderAgreement(r.info)
  const key = payloadKey(sent.shared, { ...ids, ephemeral: sent.ephemeral.text })

  it('the recipient derives the same key; anyone else (or another signer) does not', () => {
    const shared = recipientAgreement(r.privateKey, sent.ephemeral)
    expect(payloadKey(shared, { ...ids, ephemeral: sent.ephemeral.text })).toEqual(key)
    const other = recipient()
    const theirs = recipientAgreement(other.privateKey, sent.ephemeral)
    expect(payloadKey(theirs, { ...ids, ephemeral: sent.ephemeral.text })).not.toEqual(key)
    // Re-signed by another laptop (the header names another device): a different key.
    expect(
      payloadKey(shared, { ...ids, deviceFp: 'c'.repeat(32), ephemeral: sent.ephemeral.text }),
    ).not.toEqual(key)
  })

  it('opens what it sealed, and refuses a frame altered, moved, or presented as the last', () => {
    const plain = randomBytes(1000)
    const f0 = sealFrame(key, 0, false, plain)
    expect(openFrame(key, 0, false, f0)).toEqual(plain)
    const flipped = Buffer.from(f0)
    flipped[10] = (flipped[10] ?? 0) ^ 1
    expect(() => openFrame(key, 0, false, flipped)).toThrow(/frame 1 failed its integrity check/)
    expect(() => openFrame(key, 1, false, f0)).toThrow(/frame 2 failed its integrity check/)
    // A payload cut after frame 0 cannot pass frame 0 off as the final one.
    expect(() => openFrame(key, 0, true, f0)).toThrow(/integrity check/)
    expect(() => openFrame(key, 0, false, f0.subarray(0, 10))).toThrow(/too short/)
  })
})

describe('bundle records', () => {
  const image = Buffer.from(randomBytes(70_000))
  const meta = {
    job_id: 'job-1',
    kind: 'selfie' as const,
    seq: 0,
    mime: 'image/jpeg',
    sha256: 'd'.repeat(64),
    width: 10,
    height: 10,
  }
  const stream = Buffer.concat([
    jsonRecord(RECORD.manifest, { a: 1 }),
    jsonRecord(RECORD.job, { b: 2 }),
    imageRecord(meta, image),
    jsonRecord(RECORD.end, { c: 3 }),
  ])

  it.each([1, 7, 4096, 65_536, stream.byteLength])(
    'parses the same records whatever the chunk size (%d bytes)',
    (chunk) => {
      const p = createRecordParser()
      const got = []
      for (let i = 0; i < stream.byteLength; i += chunk) {
        got.push(...p.push(stream.subarray(i, i + chunk)))
      }
      expect(got.map((g) => g.type)).toEqual([
        RECORD.manifest,
        RECORD.job,
        RECORD.image,
        RECORD.end,
      ])
      expect(p.pending()).toBe(0)
      const img = splitImage(got[2]!.body)
      expect(img.meta).toEqual(meta)
      expect(img.bytes.equals(image)).toBe(true)
    },
  )

  it('keeps a record cut short pending, and refuses unknown or oversized records', () => {
    const p = createRecordParser()
    expect(p.push(stream.subarray(0, stream.byteLength - 3)).length).toBe(3)
    expect(p.pending()).toBeGreaterThan(0)
    expect(() => createRecordParser().push(encodeRecord(9 as never, Buffer.alloc(1)))).toThrow(
      /unknown record type 9/,
    )
    const huge = Buffer.alloc(5)
    huge[0] = RECORD.job
    huge.writeUInt32BE(0xffffffff, 1)
    expect(() => createRecordParser().push(huge)).toThrow(/too large/)
  })
})
