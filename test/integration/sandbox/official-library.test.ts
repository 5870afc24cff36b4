/**
 * Done-when: the vendor's official Node library (smile-identity-core, dev dependency) submits a
 * type 4 job and then a type 2 job for the same user to `kiosk sandbox --tls`, with selfie and
 * liveness images, over HTTPS (the library forces https://), trusting the sandbox's certificate
 * through NODE_EXTRA_CA_CERTS, and gets results through its own job_status, whose signature the
 * library verifies (it rejects the answer otherwise).
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sandboxAdmin } from '../../../electron/sandbox/sandbox-admin.client'
import { startKiosk } from '../../support/cli'
import { sharedData } from '../../support/shared-data'
import { tempDir } from '../../support/temp'

interface SandboxInfo {
  url: string
  origin: string
  partnerId: string
  apiKey: string
  certFile: string
}
interface LibLine {
  job_id?: string
  ok?: boolean
  error?: string
  response?: {
    job_complete: boolean
    job_success: boolean
    code: string
    signature: string
    result: Record<string, unknown>
  }
  done?: boolean
}

const CLIENT = join(import.meta.dirname, 'official-client.mjs')
const dataDir = tempDir('kiosk-official-')
let sandbox: { info: SandboxInfo; stop: () => Promise<void> }

beforeAll(async () => {
  sandbox = await startKiosk<SandboxInfo>(
    [
      'sandbox',
      '--tls',
      '--partner-id',
      '001',
      '--api-key',
      'official-test-key',
      '--review-delay',
      '1',
    ],
    { dataDir },
  )
})
afterAll(async () => sandbox.stop())

function runLibrary(input: object, env: NodeJS.ProcessEnv): Promise<LibLine[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLIENT, JSON.stringify(input)], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('error', reject)
    child.on('exit', (code) =>
      code === 0
        ? resolve(
            out
              .trim()
              .split('\n')
              .map((l) => JSON.parse(l) as LibLine),
          )
        : reject(new Error(`library exited ${code}: ${err}`)),
    )
  })
}

describe('the official smile-identity-core library against the sandbox', () => {
  const face = (n: number) => sharedData('faces', 'fr_obama', `fr_obama_${n}.jpg`)

  it('writes the certificate to the sandbox data dir and serves HTTPS only with it', () => {
    expect(sandbox.info.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/v1$/)
    expect(sandbox.info.certFile).toBe(join(dataDir, 'sandbox', 'sandbox-cert.pem'))
    expect(readFileSync(sandbox.info.certFile, 'utf8')).toContain('BEGIN CERTIFICATE')
    expect(existsSync(join(dataDir, 'sandbox', 'sandbox.db'))).toBe(true)
  })

  it('submits JT4 then JT2 for one user, with selfie and liveness, and reads signed results', async () => {
    const jobs = [
      {
        user_id: 'lib-user-1',
        job_id: 'lib-job-4',
        job_type: 4,
        selfie: face(1),
        liveness: [face(2), face(3), face(1)],
        extra: { sandbox_result: '0' },
      },
      {
        user_id: 'lib-user-1',
        job_id: 'lib-job-2',
        job_type: 2,
        selfie: face(2),
        liveness: [face(3), face(1)],
        extra: { sandbox_result: '0' },
      },
    ]
    const lines = await runLibrary(
      {
        url: sandbox.info.url,
        partnerId: '001',
        apiKey: 'official-test-key',
        jobs,
        concurrency: 1,
      },
      { NODE_EXTRA_CA_CERTS: sandbox.info.certFile },
    )
    const [enrol, auth, done] = lines
    expect(done).toMatchObject({ done: true, ok: 2, failed: 0 })
    expect(enrol).toMatchObject({
      job_id: 'lib-job-4',
      ok: true,
      response: {
        job_complete: true,
        job_success: true,
        result: {
          ResultCode: '0840',
          ResultText: 'Enroll User',
          PartnerParams: { user_id: 'lib-user-1', job_id: 'lib-job-4', job_type: 4 },
          Actions: { Register_Selfie: 'Approved', Liveness_Check: 'Passed' },
        },
      },
    })
    expect(auth).toMatchObject({
      job_id: 'lib-job-2',
      ok: true,
      response: {
        job_complete: true,
        job_success: true,
        result: {
          ResultCode: '0820',
          ResultText: 'Authenticate User',
          Actions: { Selfie_To_Registered_Selfie_Compare: 'Completed' },
        },
      },
    })
    // The sandbox saw each job prepared once and its zip (selfie file + base64 liveness) once.
    const admin = sandboxAdmin(
      sandbox.info.origin,
      { partnerId: '001', apiKey: 'official-test-key' },
      readFileSync(sandbox.info.certFile, 'utf8'),
    )
    try {
      const seen = await admin.jobs()
      expect(
        seen.map((j) => [j.job_id, j.job_type, j.prep_count, j.upload_count, j.state]),
      ).toEqual([
        ['lib-job-4', 4, 1, 1, 'complete'],
        ['lib-job-2', 2, 1, 1, 'complete'],
      ])
    } finally {
      await admin.close()
    }
  })

  it('is refused by the library when the API key differs (signature check on both sides)', async () => {
    const lines = await runLibrary(
      {
        url: sandbox.info.url,
        partnerId: '001',
        apiKey: 'not-the-key',
        jobs: [{ user_id: 'u', job_id: 'j-badkey', job_type: 4, selfie: face(1), liveness: [] }],
      },
      { NODE_EXTRA_CA_CERTS: sandbox.info.certFile },
    )
    expect(lines[0]).toMatchObject({ ok: false })
    expect(JSON.stringify(lines[0])).toContain('2205')
  })

  it('cannot connect without trusting the sandbox certificate (real TLS, no shortcut)', async () => {
    const lines = await runLibrary(
      {
        url: sandbox.info.url,
        partnerId: '001',
        apiKey: 'official-test-key',
        jobs: [{ user_id: 'u2', job_id: 'j-notrust', job_type: 4, selfie: face(1), liveness: [] }],
      },
      { NODE_EXTRA_CA_CERTS: '' },
    )
    expect(lines[0]).toMatchObject({ ok: false })
    expect(lines[0]?.error).toMatch(/certificate/i)
  })
})
