/** A client for the sandbox's admin routes (tests, bench, operators), signed like every request. */
import { Agent, request } from 'undici'
import { sign, type Credentials } from '../core/protocol/signature'
import type { AdminJobView } from './sandbox-admin.route'
import type { SandboxFaults } from './sandbox-faults'
import type { RateSecond } from './sandbox-meter'

export interface SandboxAdmin {
  jobs(jobId?: string): Promise<AdminJobView[]>
  callbacks(): Promise<
    {
      id: number
      job_id: string
      attempts: number
      delivered_at: string | null
      last_error: string | null
    }[]
  >
  faults(patch?: Partial<SandboxFaults>): Promise<SandboxFaults>
  /** API requests per second as they arrived since `sinceMs`, and the limit's refusals. */
  rate(sinceMs?: number): Promise<{
    total: number
    refused: number
    statuses: Record<string, number>
    seconds: RateSecond[]
  }>
  setUserStatus(userId: string, status: 'active' | 'disabled' | 'deleted'): Promise<void>
  close(): Promise<void>
}

/** `origin` is the sandbox origin (https://127.0.0.1:port); `ca` its certificate when self-signed. */
export function sandboxAdmin(origin: string, creds: Credentials, ca?: string): SandboxAdmin {
  const agent = new Agent(ca === undefined ? {} : { connect: { ca } })
  async function call<T>(method: 'GET' | 'PUT', path: string, body?: unknown): Promise<T> {
    const s = sign(creds, new Date())
    const res = await request(`${origin}/__sandbox/${path}`, {
      method,
      dispatcher: agent,
      headers: {
        'x-sandbox-partner-id': creds.partnerId,
        'x-sandbox-timestamp': s.timestamp,
        'x-sandbox-signature': s.signature,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const json = (await res.body.json()) as T
    if (res.statusCode !== 200) {
      throw new Error(`sandbox admin ${path}: HTTP ${res.statusCode} ${JSON.stringify(json)}`)
    }
    return json
  }
  return {
    jobs: (jobId) =>
      call('GET', jobId === undefined ? 'jobs' : `jobs?job_id=${encodeURIComponent(jobId)}`),
    callbacks: () => call('GET', 'callbacks'),
    faults: (patch) => (patch === undefined ? call('GET', 'faults') : call('PUT', 'faults', patch)),
    rate: (sinceMs = 0) => call('GET', `rate?since=${sinceMs}`),
    setUserStatus: async (userId, status) => {
      await call('PUT', `users/${encodeURIComponent(userId)}/status`, { status })
    },
    close: () => agent.close(),
  }
}
