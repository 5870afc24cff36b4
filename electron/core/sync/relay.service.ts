/**
 * The callback relay: delivers each final result from the outbox to the bank's endpoint, signed
 * the way the backend signs callbacks (signature + timestamp in the body, computed now), plus
 * `X-Relay-Id` (stable per result, so a bank can drop the duplicate that a crash between its 2xx
 * and our bookkeeping would cause) and `X-Relay-Body-Mac` (HMAC of the exact body bytes). One
 * user's results go strictly in order; a failing head blocks only that user.
 */
import { bodyMac, callbackBody } from '../protocol/callback'
import type { Credentials } from '../protocol/signature'
import { backoffDelay, RELAY_BACKOFF } from './backoff.policy'
import { Agent, request } from 'undici'
import { describeNetworkError, trustingContext } from './http-client'
import type { RelayRepo } from './relay.repo'

export interface RelayDeps {
  repo: RelayRepo
  url: string
  creds: Credentials
  clock: () => Date
  random: () => number
  ca?: string | undefined
  crash: (point: string) => void
}

export interface RelaySender {
  /** Delivers every due head (one per user) once; returns how many were delivered. */
  deliverDue(concurrency: number): Promise<{ delivered: number; failed: number }>
  close(): Promise<void>
}

export function createRelaySender(d: RelayDeps): RelaySender {
  const agent = new Agent({
    keepAliveTimeout: 30_000,
    headersTimeout: 15_000,
    bodyTimeout: 15_000,
    connect: { timeout: 10_000, ...(d.ca ? { secureContext: trustingContext(d.ca) } : {}) },
  })

  async function deliverOne(e: {
    id: number
    relay_id: string
    body: string
    attempts: number
  }): Promise<boolean> {
    const body = JSON.stringify(
      callbackBody(JSON.parse(e.body) as Record<string, unknown>, d.creds, d.clock()),
    )
    let problem: string
    try {
      const res = await request(d.url, {
        method: 'POST',
        dispatcher: agent,
        body,
        headers: {
          'content-type': 'application/json',
          'x-relay-id': e.relay_id,
          'x-relay-body-mac': bodyMac(d.creds.apiKey, body),
        },
        signal: AbortSignal.timeout(20_000),
      })
      const type = res.headers['content-type']
      await res.body.dump()
      if (
        res.statusCode >= 200 &&
        res.statusCode < 300 &&
        !/text\/html/i.test(String(type ?? ''))
      ) {
        d.crash('relay-after-response')
        d.repo.delivered(e.id)
        return true
      }
      problem =
        res.statusCode < 300
          ? 'an HTML page answered instead of the bank (captive portal?)'
          : `the bank answered HTTP ${res.statusCode}`
    } catch (err) {
      problem = describeNetworkError(err).replace('the backend', 'the bank endpoint')
    }
    const next = new Date(
      d.clock().getTime() + backoffDelay(e.attempts + 1, RELAY_BACKOFF, d.random),
    )
    d.repo.failed(e.id, next, problem)
    return false
  }

  return {
    async deliverDue(concurrency) {
      let delivered = 0
      let failed = 0
      // Heads only: after a head is delivered the user's next entry becomes due on the next round.
      for (;;) {
        const heads = d.repo.heads(concurrency)
        if (heads.length === 0) break
        const results = await Promise.all(heads.map(deliverOne))
        const ok = results.filter(Boolean).length
        delivered += ok
        failed += results.length - ok
        if (ok === 0) break
      }
      return { delivered, failed }
    },
    close: () => agent.close(),
  }
}
