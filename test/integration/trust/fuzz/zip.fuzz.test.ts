/**
 * Upload zips and info.json, as the backend (the sandbox, which in demo mode runs inside the kiosk
 * process) receives them: corrupt, bombs, more entries than a job has, path traversal, duplicate
 * names, info.json with fields missing, extra or of the wrong type. Each is refused with the
 * vendor's code (0903 corrupt, 2203 bad JSON, 2204 wrong type, 2213 missing, 0001 no usable
 * selfie, 2314 no zip) in bounded time and memory, and the sandbox keeps serving: a good job sent
 * after all of them still gets its result.
 */
import fc from 'fast-check'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readJobZip } from '../../../../electron/core/protocol/zip'
import { unavailableDecider } from '../../../../electron/sandbox/sandbox-decider'
import { startSandbox, type Sandbox } from '../../../../electron/sandbox/sandbox-server'
import { solidJpeg } from '../../../support/images'
import { tempDir } from '../../../support/temp'
import { jobZip, post, prepBody, put, statusBody, until } from '../../sandbox/helpers'
import { fuzzParams } from './fuzz-support'
import { rawZip, type RawEntry } from './raw-zip'

const ZIP_CODES = ['0903', '2203', '2204', '2213', '0001']
const MAX_MS = 3_000
const MB = 1024 * 1024

let jpeg: Buffer
beforeAll(async () => {
  jpeg = await solidJpeg(120, 90)
})

const infoFor = (...files: string[]) =>
  JSON.stringify({
    images: files.map((f, i) => ({ image_type_id: i === 0 ? 0 : 4, file_name: f })),
  })

const info = (text: string): RawEntry => ({ name: 'info.json', data: Buffer.from(text) })
const selfieEntry = (): RawEntry => ({ name: 'selfie.jpg', data: jpeg })

const CASES: [string, () => Promise<Buffer> | Buffer, string, RegExp][] = [
  ['not a zip at all', () => Buffer.from('PK but not really'), '0903', /Zip Corrupt/],
  [
    'a zip cut in half',
    () => rawZip([info(infoFor('selfie.jpg')), selfieEntry()]).subarray(0, 200),
    '0903',
    /Zip Corrupt/,
  ],
  [
    'a bomb: 200 MB of zeros deflated to 200 KB',
    () =>
      rawZip([
        info(infoFor('selfie.jpg')),
        selfieEntry(),
        { name: 'bomb.bin', data: Buffer.alloc(200 * MB), deflate: true },
      ]),
    '0903',
    /declare \d+ bytes/,
  ],
  [
    'a bomb that declares a small size',
    () =>
      rawZip([
        info(infoFor('selfie.jpg')),
        { name: 'selfie.jpg', data: Buffer.alloc(80 * MB), deflate: true, size: 1000 },
      ]),
    '0903',
    /inflates to more than the allowed size/,
  ],
  [
    '100 000 empty entries',
    () =>
      rawZip(Array.from({ length: 100_000 }, (_, i) => ({ name: `f${i}`, data: Buffer.alloc(0) }))),
    '0903',
    /more than 64 entries/,
  ],
  [
    'a selfie whose CRC does not match',
    () => rawZip([info(infoFor('selfie.jpg')), { ...selfieEntry(), crc: 12345 }]),
    '0903',
    /CRC32 mismatch in selfie\.jpg/,
  ],
  [
    'the selfie twice under the same path',
    () =>
      rawZip([
        info(infoFor('selfie.jpg')),
        selfieEntry(),
        { name: 'selfie.jpg', data: Buffer.from('not a jpeg') },
      ]),
    '0903',
    /more than one entry is named selfie\.jpg/,
  ],
  [
    'the selfie name in two folders',
    () =>
      rawZip([
        info(infoFor('selfie.jpg')),
        { name: 'a/selfie.jpg', data: jpeg },
        { name: 'b/selfie.jpg', data: Buffer.from('x') },
      ]),
    '0903',
    /more than one entry is named selfie\.jpg/,
  ],
  [
    'info.json that is not JSON',
    () => rawZip([info('{"images": ['), selfieEntry()]),
    '2203',
    /not valid JSON/,
  ],
  [
    'info.json that is an array',
    () => rawZip([info('[]'), selfieEntry()]),
    '2204',
    /must be a JSON object/,
  ],
  [
    'info.json without images',
    () => rawZip([info('{"misc_information": {}}'), selfieEntry()]),
    '2213',
    /missing: info\.json images/,
  ],
  [
    'info.json with images: {}',
    () => rawZip([info('{"images": {}}'), selfieEntry()]),
    '2204',
    /wrong data type: info\.json images/,
  ],
  [
    'a file_name that is a number',
    () => rawZip([info('{"images": [{"image_type_id": 0, "file_name": 7}]}'), selfieEntry()]),
    '2204',
    /images\.0\.file_name/,
  ],
  [
    'an image_type_id of 99',
    () =>
      rawZip([
        info('{"images": [{"image_type_id": 99, "file_name": "selfie.jpg"}]}'),
        selfieEntry(),
      ]),
    '2203',
    /image_type_id/,
  ],
  ['no info.json', () => rawZip([selfieEntry()]), '2213', /info\.json is not in the zip/],
  [
    'info.json naming a selfie the zip lacks',
    () => rawZip([info(infoFor('selfie.jpg')), { name: 'other.jpg', data: jpeg }]),
    '0001',
    /selfie selfie\.jpg is not in the zip/,
  ],
  [
    'a selfie that is not a JPEG',
    () =>
      rawZip([info(infoFor('selfie.jpg')), { name: 'selfie.jpg', data: Buffer.from('GIF89a') }]),
    '0001',
    /not a JPEG/,
  ],
  [
    'an inline selfie that is not base64',
    () => rawZip([info('{"images": [{"image_type_id": 2, "image": "<script>"}]}')]),
    '2203',
    /not base64/,
  ],
]

describe('readJobZip', () => {
  it.each(CASES.map(([n, make, code, why]) => [`${n} → ${code}`, make, code, why] as const))(
    '%s',
    async (_name, make, code, reason) => {
      const bytes = await make()
      const rss = process.memoryUsage().rss
      const t = performance.now()
      const r = await readJobZip(bytes)
      expect(performance.now() - t).toBeLessThan(MAX_MS)
      expect((process.memoryUsage().rss - rss) / MB).toBeLessThan(300)
      expect(r).toMatchObject({ ok: false, code })
      if (!r.ok) {
        expect(r.reason).toMatch(reason)
        expect(r.reason).not.toMatch(/\n/)
      }
    },
  )

  it('path traversal names are flattened, never followed (nothing is written to disk)', async () => {
    const r = await readJobZip(
      rawZip([
        {
          ...info('{"images": [{"image_type_id": "0", "file_name": "../../selfie.jpg"}]}'),
          name: '../../../info.json',
        },
        { name: '../../selfie.jpg', data: jpeg },
        { name: '/etc/cron.d/x', data: Buffer.from('* * * * * root sh') },
      ]),
    )
    expect(r.ok && r.images.map((i) => [i.kind, i.name])).toEqual([['selfie', 'selfie.jpg']])
  })

  it('generated and damaged zips: a job or a vendor code, never a throw, always quick', async () => {
    const names = fc.constantFrom(
      'info.json',
      'selfie.jpg',
      'liveness_1.jpg',
      '../selfie.jpg',
      'a/b/liveness_1.jpg',
      'INFO.JSON',
      'sélfie.jpg',
      '',
    )
    const content = fc.oneof(
      fc.constant<Uint8Array | string>(jpeg),
      fc.uint8Array({ maxLength: 200 }),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
      fc
        .array(
          fc.record(
            {
              image_type_id: fc.oneof(
                fc.integer({ min: -1, max: 9 }),
                fc.constantFrom('0', '4', 'x'),
              ),
              file_name: fc.oneof(names, fc.jsonValue()),
              image: fc.oneof(fc.constant(jpeg.toString('base64')), fc.string()),
            },
            { requiredKeys: [] },
          ),
          { maxLength: 4 },
        )
        .map((images) => JSON.stringify({ images })),
    )
    const zipArb = fc
      .tuple(
        fc.array(fc.tuple(names, content), { maxLength: 6 }),
        fc.constantFrom<'STORE' | 'DEFLATE'>('STORE', 'DEFLATE'),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
        fc.option(fc.nat(), { nil: undefined }),
      )
      .map(async ([files, compression, flips, cut]) => {
        const z = new JSZip()
        for (const [name, data] of files) {
          if (name !== '') z.file(name, data, { createFolders: false })
        }
        let b = Buffer.from(await z.generateAsync({ type: 'uint8array', compression }))
        for (const [at, v] of flips) if (b.length > 0) b[at % b.length] = v
        if (cut !== undefined && b.length > 0) b = b.subarray(0, cut % b.length)
        return b
      })
    await fc.assert(
      fc.asyncProperty(zipArb, async (made) => {
        const bytes = await made
        const t = performance.now()
        const r = await readJobZip(bytes)
        expect(performance.now() - t).toBeLessThan(MAX_MS)
        if (r.ok) {
          const selfie = r.images.find((i) => i.kind === 'selfie')
          expect(selfie?.bytes.subarray(0, 3).toString('hex')).toBe('ffd8ff')
        } else {
          expect(ZIP_CODES).toContain(r.code)
          expect(r.reason).not.toMatch(/\n/)
        }
      }),
      fuzzParams(300),
    )
  })
})

describe('the sandbox backend under bad uploads and requests', () => {
  const creds = { partnerId: '088', apiKey: 'fuzz-sandbox-key' }
  let sb: Sandbox
  let n = 0
  beforeAll(async () => {
    sb = await startSandbox({
      dataDir: tempDir('kiosk-fuzz-sandbox-'),
      ...creds,
      decider: unavailableDecider('fuzz'),
      faults: { processingMs: 0 },
    })
  })
  afterAll(() => sb?.close())

  async function prepare(): Promise<{ jobId: string; userId: string; url: string }> {
    const id = `z-${++n}`
    const prep = await post(
      `${sb.url}/upload`,
      prepBody(creds, { user_id: `u-${id}`, job_id: id, job_type: 4 }),
    )
    expect(prep.status).toBe(200)
    return { jobId: id, userId: `u-${id}`, url: (prep.body as { upload_url: string }).upload_url }
  }

  async function resultCode(jobId: string, userId: string): Promise<string> {
    let code = ''
    await until(async () => {
      const s = await post(`${sb.url}/job_status`, statusBody(creds, userId, jobId))
      const result = (s.body as { result?: { ResultCode?: string } | string | null }).result
      code = typeof result === 'object' && result !== null ? String(result.ResultCode) : ''
      return code !== ''
    })
    return code
  }

  it('refuses every bad upload with its code, then still decides a good job', async () => {
    const uploads: [string, Buffer, string][] = [
      ['an empty body', Buffer.alloc(0), '2314'],
      ...(await Promise.all(
        CASES.map(
          async ([name, make, code]) => [name, await make(), code] as [string, Buffer, string],
        ),
      )),
    ]
    for (const [name, body, code] of uploads) {
      const job = await prepare()
      const res = await put(job.url, body)
      if (code === '2314') {
        expect([name, res.status, res.text]).toEqual([name, 400, expect.stringContaining('2314')])
        continue
      }
      expect([name, res.status]).toEqual([name, 200])
      expect([name, await resultCode(job.jobId, job.userId)]).toEqual([name, code])
    }
    const good = await prepare()
    expect((await put(good.url, await jobZip(good.jobId, good.userId, 4))).status).toBe(200)
    expect(await resultCode(good.jobId, good.userId)).toMatch(/^08\d\d$/)
  }, 60_000)

  it('answers any prep or job_status body with a vendor error code, never a 500', async () => {
    const codes = new Set(['2203', '2204', '2205', '2212', '2213', '2215', '2209', '2210'])
    const body = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 200 }),
      fc
        .record(
          {
            smile_client_id: fc.oneof(fc.constant(creds.partnerId), fc.jsonValue()),
            partner_id: fc.oneof(fc.constant(creds.partnerId), fc.jsonValue()),
            signature: fc.oneof(fc.base64String(), fc.jsonValue()),
            timestamp: fc.oneof(fc.constant(new Date().toISOString()), fc.jsonValue()),
            partner_params: fc.jsonValue({ maxDepth: 2 }),
            user_id: fc.jsonValue(),
            job_id: fc.jsonValue(),
            retry: fc.jsonValue(),
          },
          { requiredKeys: [] },
        )
        .map((v) => JSON.stringify(v)),
    )
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('upload', 'job_status'), body, async (route, text) => {
        const r = await post(`${sb.url}/${route}`, text)
        expect(r.status, r.text).toBeGreaterThanOrEqual(400)
        expect(r.status, r.text).toBeLessThan(500)
        expect(codes).toContain((r.body as { code?: string }).code)
      }),
      fuzzParams(150),
    )
  })
})
