import { describe, expect, it } from 'vitest'
import {
  backoffDelay,
  parseRetryAfter,
  pollDelay,
  RETRY_BACKOFF,
  retryDelay,
} from '../../../electron/core/sync/backoff.policy'
import { createConnectivity } from '../../../electron/core/sync/connectivity'

const low = () => 0
const high = () => 0.999999

describe('backoff with equal jitter', () => {
  it.each([
    [1, 1_000, 2_000],
    [2, 2_000, 4_000],
    [3, 4_000, 8_000],
    [6, 32_000, 64_000],
    [10, 450_000, 900_000], // capped at 15 min
    [60, 450_000, 900_000],
  ])('after %i failures: between %i and %i ms', (failures, min, max) => {
    expect(backoffDelay(failures, RETRY_BACKOFF, low)).toBe(min)
    expect(backoffDelay(failures, RETRY_BACKOFF, high)).toBe(max)
  })

  it('never retries at once, whatever the dice', () => {
    for (let f = 1; f < 20; f++) {
      expect(backoffDelay(f, RETRY_BACKOFF, Math.random)).toBeGreaterThanOrEqual(1_000)
    }
  })
})

describe('Retry-After', () => {
  const now = new Date('2024-01-01T00:00:00Z')
  it.each([
    ['120', 120_000],
    [' 7 ', 7_000],
    ['Mon, 01 Jan 2024 00:00:30 GMT', 30_000],
    ['Sun, 31 Dec 2023 23:00:00 GMT', 0],
    ['soon', null],
    [undefined, null],
  ])('%s → %s ms', (header, ms) => {
    expect(parseRetryAfter(header, now)).toBe(ms)
  })

  it.each([
    [5_000, null, 5_000],
    [5_000, 2_000, 5_000], // the server may not shorten our own backoff
    [5_000, 60_000, 60_000],
    [5_000, 48 * 3_600_000, 6 * 3_600_000], // nor park the job for days
  ])('backoff %i, Retry-After %s → %i', (b, ra, expected) => {
    expect(retryDelay(b, ra)).toBe(expected)
  })
})

describe('job_status polling never gives up', () => {
  it.each([
    [0, 0, 0],
    [1, 2_000, 2_000],
    [4, 2_000, 2_000],
    [5, 4_000, 4_000],
    [10, 4_000, 4_000],
    [11, 4_000, 8_000],
    [14, 32_000, 64_000],
    [1_000, 300_000, 600_000],
  ])('poll %i waits %i–%i ms', (polls, min, max) => {
    expect(pollDelay(polls, low)).toBe(min)
    expect(pollDelay(polls, high)).toBe(max)
  })
})

describe('connectivity', () => {
  it('goes offline with a probe time, comes back at concurrency 1 and doubles per success', () => {
    let t = 0
    const net = createConnectivity(() => new Date(t), low)
    expect(net.state).toBe('unknown')
    expect(net.allowed(16)).toBe(1)
    net.offline('refused')
    expect(net).toMatchObject({ state: 'offline', reason: 'refused' })
    expect(net.canStart(0)).toBe(false)
    expect(net.resumeAt).toBe(500)
    net.offline('refused')
    expect(net.resumeAt).toBe(1_000)
    t = 1_000
    expect(net.canStart(t)).toBe(true)
    net.success()
    expect([net.state, net.allowed(16)]).toEqual(['online', 1])
    net.success()
    net.success()
    expect(net.allowed(16)).toBe(4)
    for (let i = 0; i < 10; i++) net.success()
    expect(net.allowed(16)).toBe(16)
    net.pause(5_000)
    expect(net.canStart(4_999)).toBe(false)
    expect(net.allowed(16)).toBe(1)
    net.block('bad key', 9_000)
    expect(net.blocked).toBe('bad key')
    net.reset()
    expect([net.blocked, net.canStart(t)]).toEqual([null, true])
  })
})
