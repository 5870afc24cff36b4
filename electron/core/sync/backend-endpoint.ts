/**
 * Which backend sync talks to. Live: backend.url / partnerId / apiKey from settings. Demo (the
 * default of a fresh install): the bundled sandbox, started in this process on loopback with its
 * data under <data-dir>/sandbox/, and credentials generated once and kept (the key sealed by the
 * device key, like backend.apiKey). The demo port is kept too, so upload URLs stored before a
 * restart still point at it.
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from '../../shared/contract/result'
import { configurationProblems, type Settings } from '../../shared/domain/settings.schema'
import type { Keyring } from '../crypto/keyring'
import type { Sandbox } from '../../sandbox/sandbox-server'
import type { Endpoint } from './job-steps'
import type { SyncRepo } from './sync.repo'

/** The vendor's production host: sandbox-only partner params must never reach it. */
const PRODUCTION_HOSTS = new Set(['api.smileidentity.com'])

export function liveEndpoint(s: Settings): Endpoint {
  const problems = configurationProblems(s)
  if (problems.length > 0) {
    throw new AppError('invalid_input', `live mode is not configured: ${problems.join('; ')}`)
  }
  const base = s['backend.url'].replace(/\/+$/, '')
  return {
    mode: 'live',
    baseUrl: base,
    creds: { partnerId: s['backend.partnerId'], apiKey: s['backend.apiKey'] },
    ca: readCa(s['backend.caFile']),
    callbackUrl: s['backend.callbackUrl'] || undefined,
    relayUrl: s['relay.url'] || undefined,
    forwardSandboxParams: !PRODUCTION_HOSTS.has(new URL(base).hostname),
  }
}

function readCa(file: string): string | undefined {
  if (file === '') return undefined
  try {
    return readFileSync(file, 'utf8')
  } catch (err) {
    throw new AppError(
      'invalid_input',
      `backend.caFile: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
    )
  }
}

export interface DemoBackend {
  endpoint: Endpoint
  sandbox: Sandbox
}

export interface DemoDeps {
  dataDir: string
  keyring: Keyring
  repo: SyncRepo
  modelsDir: string
}

export async function startDemoBackend(d: DemoDeps): Promise<DemoBackend> {
  const creds = demoCredentials(d.repo, d.keyring)
  // Loaded only in demo mode: a live kiosk never starts (or loads) the sandbox.
  const { startSandbox } = await import('../../sandbox/sandbox-server')
  const { defaultDecider } = await import('../../sandbox/sandbox-engine')
  const stored = Number(d.repo.getState('demo.port') ?? '0')
  const options = {
    dataDir: join(d.dataDir, 'sandbox'),
    partnerId: creds.partnerId,
    apiKey: creds.apiKey,
    decider: await defaultDecider(d.modelsDir),
    // Its store is inside the kiosk's data folder: the key, zips and face templates it keeps are
    // sealed with the device key like the kiosk's own images (issue 7: nothing readable at rest).
    seal: {
      seal: (plain: Buffer, label: string) => d.keyring.wrap(plain, `sandbox:${label}`),
      open: (sealed: Buffer, label: string) => d.keyring.unwrap(sealed, `sandbox:${label}`),
    },
  }
  let sandbox: Sandbox
  try {
    sandbox = await startSandbox({ ...options, port: stored })
  } catch (err) {
    if (stored === 0) throw err
    sandbox = await startSandbox({ ...options, port: 0 })
  }
  d.repo.setState('demo.port', String(sandbox.port))
  return {
    sandbox,
    endpoint: {
      mode: 'demo',
      baseUrl: sandbox.url,
      creds,
      // callbackUrl and relayUrl are added per pass by the sync service, from current settings.
      forwardSandboxParams: true,
    },
  }
}

function demoCredentials(repo: SyncRepo, keyring: Keyring): { partnerId: string; apiKey: string } {
  let partnerId = repo.getState('demo.partnerId')
  const sealed = repo.getState('demo.apiKey')
  if (partnerId !== undefined && sealed !== undefined) {
    const apiKey = keyring
      .unwrap(Buffer.from(sealed, 'base64'), 'sync:demo.apiKey')
      .toString('utf8')
    return { partnerId, apiKey }
  }
  partnerId = String(100 + (randomBytes(2).readUInt16BE() % 900))
  const apiKey = randomBytes(24).toString('base64url')
  repo.setState('demo.partnerId', partnerId)
  repo.setState(
    'demo.apiKey',
    keyring.wrap(Buffer.from(apiKey, 'utf8'), 'sync:demo.apiKey').toString('base64'),
  )
  return { partnerId, apiKey }
}
