import { describe, expect, it } from 'vitest'
import {
  assessClock,
  duration,
  type ClockHistory,
  type ClockReading,
  type ClockSample,
} from '../../../electron/shared/field/clock.policy'

const T0 = Date.UTC(2026, 10, 20, 8, 0, 0)
const H = 3_600_000
const boot = 'boot-1'

const at = (uptimeMs: number, wallMs: number, bootId = boot): ClockReading => ({
  bootId,
  uptimeMs,
  wallMs,
})
const sample = (r: ClockReading, serverMs: number | null = null): ClockSample => ({
  ...r,
  serverMs,
})
const none: ClockHistory = { firstThisBoot: null, anchorThisBoot: null, lastEarlierBoot: null }

describe('clock policy', () => {
  const cases: {
    name: string
    now: ClockReading
    history: ClockHistory
    state: string
    codes: string[]
    offsetMs?: number | null
  }[] = [
    {
      name: 'no history: nothing to say',
      now: at(1000, T0),
      history: none,
      state: 'ok',
      codes: [],
    },
    {
      name: 'wall clock moved with uptime (a day of normal running)',
      now: at(24 * H + 1000, T0 + 24 * H + 500),
      history: { ...none, firstThisBoot: sample(at(1000, T0)) },
      state: 'ok',
      codes: [],
    },
    {
      name: 'set 3 h forward on this boot',
      now: at(2 * H, T0 + 5 * H),
      history: { ...none, firstThisBoot: sample(at(0, T0)) },
      state: 'unverified',
      codes: ['clock_jumped'],
    },
    {
      name: 'set 10 min back on this boot',
      now: at(H, T0 + H - 10 * 60_000),
      history: { ...none, firstThisBoot: sample(at(0, T0)) },
      state: 'unverified',
      codes: ['clock_jumped'],
    },
    {
      name: 'under the jump threshold (NTP slew, 90 s)',
      now: at(H, T0 + H + 90_000),
      history: { ...none, firstThisBoot: sample(at(0, T0)) },
      state: 'ok',
      codes: [],
    },
    {
      name: "backend's time known this boot, clock right",
      now: at(2 * H, T0 + 2 * H),
      history: { ...none, anchorThisBoot: sample(at(H, T0 + H), T0 + H + 2_000) },
      state: 'ok',
      codes: [],
      offsetMs: 2_000,
    },
    {
      name: "backend's time known this boot, clock 2 h behind: corrected",
      now: at(2 * H, T0),
      history: { ...none, anchorThisBoot: sample(at(H, T0 - H), T0 + H) },
      state: 'corrected',
      codes: ['clock_skew'],
      offsetMs: 2 * H,
    },
    {
      name: 'a jump after the backend was seen is measured, not guessed',
      now: at(3 * H, T0 + 10 * H),
      history: {
        firstThisBoot: sample(at(0, T0)),
        anchorThisBoot: sample(at(H, T0 + H), T0 + H),
        lastEarlierBoot: null,
      },
      state: 'corrected',
      codes: ['clock_skew'],
      offsetMs: -7 * H,
    },
    {
      name: 'an anchor of another boot is not used',
      now: at(60_000, T0),
      history: { ...none, anchorThisBoot: sample(at(H, T0, 'boot-0'), T0 + 9 * H) },
      state: 'ok',
      codes: [],
      offsetMs: null,
    },
    {
      name: 'clock set back across a restart (flat battery)',
      now: at(60_000, T0 - 400 * 24 * H),
      history: { ...none, lastEarlierBoot: sample(at(9 * H, T0, 'boot-0')) },
      state: 'wrong',
      codes: ['clock_went_back'],
    },
    {
      name: 'earlier than the backend time seen before the restart',
      now: at(60_000, T0 + H),
      history: { ...none, lastEarlierBoot: sample(at(9 * H, T0, 'boot-0'), T0 + 3 * H) },
      state: 'wrong',
      codes: ['clock_went_back'],
    },
    {
      name: 'a restart days later is fine',
      now: at(60_000, T0 + 72 * H),
      history: { ...none, lastEarlierBoot: sample(at(9 * H, T0, 'boot-0')) },
      state: 'ok',
      codes: [],
    },
    {
      name: 'an implausible year',
      now: at(60_000, Date.UTC(2000, 0, 1)),
      history: none,
      state: 'wrong',
      codes: ['clock_unset'],
    },
  ]

  for (const c of cases) {
    it(c.name, () => {
      const a = assessClock(c.now, c.history)
      expect(a.state).toBe(c.state)
      expect(a.findings.map((f) => f.code)).toEqual(c.codes)
      if (c.offsetMs !== undefined) expect(a.offsetMs).toBe(c.offsetMs)
      expect(a.warning === null).toBe(c.codes.length === 0)
    })
  }

  it('says which way and how far, in words', () => {
    const fwd = assessClock(at(2 * H, T0 + 5 * H), { ...none, firstThisBoot: sample(at(0, T0)) })
    expect(fwd.warning).toMatch(
      /^Clock: the clock was moved 3 h forward since 2026-11-20T08:00:00Z/,
    )
    const behind = assessClock(at(2 * H, T0), {
      ...none,
      anchorThisBoot: sample(at(H, T0 - H), T0 + H),
    })
    expect(behind.warning).toMatch(/clock is 2 h behind the backend's/)
  })

  it.each([
    [0, '0 s'],
    [-59_400, '59 s'],
    [61_000, '1 min'],
    [3 * H + 5 * 60_000, '3 h 5 min'],
    [50 * H, '2 d 2 h'],
  ])('duration(%d) = %s', (ms, text) => expect(duration(ms)).toBe(text))
})
