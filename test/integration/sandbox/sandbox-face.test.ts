/**
 * Without sandbox_result the sandbox decides with the kiosk's face engine (real models, real
 * images from shared/data), and says plainly when the models are not there.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildJobZip } from '../../../electron/core/protocol/zip'
import { startKiosk } from '../../support/cli'
import { readShared } from '../../support/shared-data'
import { tempDir } from '../../support/temp'
import { post, prepBody, put, statusBody } from './helpers'

interface Info {
  url: string
  engine: string
}
const creds = { partnerId: '009', apiKey: 'face-test-key' }
const root = tempDir('kiosk-sandbox-face-')
let withModels: { info: Info; stop: () => Promise<void> }
let without: { info: Info; stop: () => Promise<void> }

beforeAll(async () => {
  const args = [
    'sandbox',
    '--partner-id',
    creds.partnerId,
    '--api-key',
    creds.apiKey,
    '--processing-ms',
    '0',
  ]
  withModels = await startKiosk<Info>(args, { dataDir: join(root, 'with') })
  const empty = join(root, 'no-models')
  mkdirSync(empty, { recursive: true })
  without = await startKiosk<Info>(args, {
    dataDir: join(root, 'without'),
    env: { KIOSK_MODELS_DIR: empty },
  })
})
afterAll(async () => {
  await withModels.stop()
  await without.stop()
})

async function decide(
  base: string,
  jobId: string,
  userId: string,
  jobType: 2 | 4,
  selfie: Buffer,
): Promise<Record<string, string>> {
  const prep = await post(
    `${base}/upload`,
    prepBody(creds, { user_id: userId, job_id: jobId, job_type: jobType }),
  )
  expect(prep.status, JSON.stringify(prep.body)).toBe(200)
  const zip = await buildJobZip({
    images: [
      { kind: 'selfie', bytes: selfie },
      { kind: 'liveness', bytes: selfie },
    ],
    mode: 'file',
    partnerId: creds.partnerId,
    partnerParams: { user_id: userId, job_id: jobId, job_type: jobType },
    retry: false,
  })
  expect((await put((prep.body as { upload_url: string }).upload_url, zip)).status).toBe(200)
  const st = await post(`${base}/job_status`, statusBody(creds, userId, jobId))
  return (st.body as { result: Record<string, string> }).result
}

const face = (identity: string, n: number) => readShared('faces', identity, `${identity}_${n}.jpg`)

describe('sandbox decisions with the face engine', () => {
  it('enrols a live face, authenticates the same person, refuses another person', async () => {
    expect(withModels.info.engine).toMatch(/^face engine/)
    const base = withModels.info.url
    const enrol = await decide(base, 'f-4', 'obama', 4, face('fr_obama', 1))
    expect(enrol).toMatchObject({
      ResultCode: '0840',
      Actions: expect.objectContaining({ Liveness_Check: 'Passed' }) as unknown,
    })
    expect(enrol.SandboxEngine).toMatch(/face engine .*liveness \d\.\d\d/)

    const same = await decide(base, 'f-2a', 'obama', 2, face('fr_obama', 2))
    expect(same.ResultCode).toBe('0820')
    expect(same.SandboxEngine).toMatch(/similarity 0\.[5-9]/)

    const other = await decide(base, 'f-2b', 'obama', 2, face('fr_biden', 1))
    expect(other.ResultCode).toBe('0821')
    expect(other.ResultText).toBe('Failed Authentication')
  })

  it('refuses to enrol a presentation attack (shared liveness spoof sample)', async () => {
    const spoof = await decide(
      withModels.info.url,
      'f-spoof',
      'spoofer',
      4,
      readShared('liveness', 'sfas_image_F2.jpg'),
    )
    expect(spoof).toMatchObject({ ResultCode: '0841', ResultText: 'Failed Enroll' })
    expect(spoof.SandboxEngine).toMatch(/liveness 0\.\d\d/)
  })

  it('says the models are missing instead of pretending to decide', async () => {
    expect(without.info.engine).toMatch(/face engine not available \(models not present in/)
    const r = await decide(without.info.url, 'n-4', 'nomodel', 4, face('fr_obama', 1))
    expect(r.ResultCode).toBe('0842')
    expect(r.ResultText).toMatch(
      /PROVISIONAL - Machine - Pure Provisional - face engine not available \(models not present in .*no-models .*\); images were not compared/,
    )
    expect(readFileSync(join(root, 'without', 'sandbox', 'sandbox.db')).byteLength).toBeGreaterThan(
      0,
    )
  })
})
