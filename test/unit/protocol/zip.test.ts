import JSZip from 'jszip'
import { describe, expect, it } from 'vitest'
import { buildInfoJson, uniqueName } from '../../../electron/core/protocol/info-json'
import { buildJobZip, readJobZip } from '../../../electron/core/protocol/zip'

// Minimal byte strings that start like JPEGs; the zip layer checks only the magic bytes.
const jpeg = (n: number) => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, n, n, n])
const params = { user_id: 'u1', job_id: 'j1', job_type: 4 as const }
const images = [
  { kind: 'selfie' as const, bytes: jpeg(1) },
  { kind: 'liveness' as const, bytes: jpeg(2) },
  { kind: 'liveness' as const, bytes: jpeg(3) },
  { kind: 'id_front' as const, bytes: jpeg(4) },
  { kind: 'id_back' as const, bytes: jpeg(5) },
]
const base = { partnerId: '001', partnerParams: params, retry: false }

describe('info.json', () => {
  it('file mode: types 0/4/1/5, unique flat names, no inline data', () => {
    const { info, files } = buildInfoJson({ ...base, images, mode: 'file' })
    expect(info.images).toEqual([
      { image_type_id: 0, image: '', file_name: 'selfie.jpg' },
      { image_type_id: 4, image: '', file_name: 'liveness_1.jpg' },
      { image_type_id: 4, image: '', file_name: 'liveness_2.jpg' },
      { image_type_id: 1, image: '', file_name: 'id_front.jpg' },
      { image_type_id: 5, image: '', file_name: 'id_back.jpg' },
    ])
    expect(files.map((f) => f.name)).toEqual([
      'selfie.jpg',
      'liveness_1.jpg',
      'liveness_2.jpg',
      'id_front.jpg',
      'id_back.jpg',
    ])
    expect(JSON.stringify(info)).not.toMatch(/signature|timestamp/)
  })

  it('base64 mode: types 2/6/3/7 inline, no files', () => {
    const { info, files } = buildInfoJson({ ...base, images, mode: 'base64' })
    expect((info.images as { image_type_id: number }[]).map((i) => i.image_type_id)).toEqual([
      2, 6, 6, 3, 7,
    ])
    expect((info.images as { image: string }[])[0]?.image).toBe(
      Buffer.from(jpeg(1)).toString('base64'),
    )
    expect(files).toEqual([])
  })

  it.each([
    [
      ['a.jpg', 'a.jpg', 'a.jpg'],
      ['a.jpg', 'a-1.jpg', 'a-2.jpg'],
    ],
    [
      ['dir/x.jpg', 'other\\x.jpg'],
      ['x.jpg', 'x-1.jpg'],
    ],
    [
      ['noext', 'noext'],
      ['noext', 'noext-1'],
    ],
  ])('unique names %j → %j', (names, expected) => {
    const taken = new Set<string>()
    expect(names.map((n) => uniqueName(n, taken))).toEqual(expected)
  })
})

describe('upload zip', () => {
  it.each(['file', 'base64'] as const)('%s mode round-trips every image', async (mode) => {
    const zip = await buildJobZip({ ...base, images, mode })
    const read = await readJobZip(zip)
    if (!read.ok) throw new Error(read.reason)
    expect(read.images.map((i) => [i.kind, i.bytes[4]])).toEqual([
      ['selfie', 1],
      ['liveness', 2],
      ['liveness', 3],
      ['id_front', 4],
      ['id_back', 5],
    ])
  })

  const zipOf = async (entries: Record<string, string | Uint8Array>) => {
    const z = new JSZip()
    for (const [k, v] of Object.entries(entries)) z.file(k, v)
    return z.generateAsync({ type: 'uint8array' })
  }

  it.each([
    ['not a zip at all', () => Promise.resolve(new TextEncoder().encode('hello')), '0903'],
    [
      'a truncated zip',
      async () => (await buildJobZip({ ...base, images, mode: 'file' })).subarray(0, 60),
      '0903',
    ],
    ['no info.json', async () => zipOf({ 'selfie.jpg': jpeg(1) }), '2213'],
    ['info.json is not JSON', async () => zipOf({ 'info.json': '{nope' }), '2203'],
    ['info.json without images', async () => zipOf({ 'info.json': '{}' }), '2213'],
    [
      'image_type_id of the wrong type',
      async () => zipOf({ 'info.json': '{"images":[{"image_type_id":true}]}' }),
      '2203',
    ],
    [
      'no selfie listed',
      async () => zipOf({ 'info.json': '{"images":[{"image_type_id":6,"image":"/9j/"}]}' }),
      '0001',
    ],
    [
      'selfie named but missing',
      async () => zipOf({ 'info.json': '{"images":[{"image_type_id":0,"file_name":"s.jpg"}]}' }),
      '0001',
    ],
    [
      'selfie not a JPEG',
      async () =>
        zipOf({
          'info.json': '{"images":[{"image_type_id":0,"file_name":"s.jpg"}]}',
          's.jpg': 'PNG...',
        }),
      '0001',
    ],
  ])('refuses %s with %s', async (_what, make, code) => {
    const read = await readJobZip(await make())
    expect(read.ok).toBe(false)
    if (!read.ok) expect(read.code).toBe(code)
  })

  it('stops inflating a zip bomb at the limit', async () => {
    const big = new Uint8Array(2 * 1024 * 1024) // zeros deflate ~1000:1
    const z = new JSZip()
    z.file('info.json', '{"images":[{"image_type_id":0,"file_name":"s.jpg"}]}')
    z.file('s.jpg', big)
    const bytes = await z.generateAsync({ type: 'uint8array', compression: 'DEFLATE' })
    expect(bytes.byteLength).toBeLessThan(64 * 1024)
    const read = await readJobZip(bytes, { maxEntries: 8, maxInflatedBytes: 1024 * 1024 })
    expect(read).toMatchObject({ ok: false, code: '0903' })
  })
})
