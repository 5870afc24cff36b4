import { describe, expect, it } from 'vitest'
import {
  CHALLENGE_DEFAULTS,
  CHALLENGES,
  pickChallenges,
  retrySession,
  startSession,
  stepSession,
  type Challenge,
  type LivenessSession,
  type SessionEvent,
} from '../../../electron/shared/liveness/challenge.policy'
import { livenessRecord } from '../../../electron/shared/liveness/liveness-record'
import type {
  FaceObservation,
  FrameObservation,
} from '../../../electron/shared/liveness/observation'
import { face, FRAME_MS, frames, PERSON_B, ramp, seeded } from './stream'

function feed(s: LivenessSession, stream: FrameObservation[]) {
  const events: (SessionEvent & { t: number })[] = []
  let session = s
  for (const f of stream) {
    const r = stepSession(session, f)
    session = r.session
    if (r.event) events.push({ ...r.event, t: f.t })
  }
  return { session, events }
}

/** 400 ms looking at the camera: enough to calibrate. */
const calibrate = (from = 0) => frames(from, 400, () => [face()])

/** The person doing `c` from time `start`. */
const perform: Record<Challenge, (t: number, start: number) => FaceObservation> = {
  turn_left: (t, s) => face({ yawDeg: ramp(t, s, 400, 2, 37) }),
  turn_right: (t, s) => face({ yawDeg: ramp(t, s, 400, 2, -33) }),
  look_up: (t, s) => face({ pitchDeg: ramp(t, s, 400, -5, 20) }),
  blink: (t, s) => face({ eyeOpenness: t >= s && t < s + 150 ? 0.08 : 0.3 }),
  smile: (t, s) => face({ smile: ramp(t, s, 300, 0.05, 0.7) }),
}

describe('pickChallenges', () => {
  it('draws distinct challenges, as many as asked, in a random order', () => {
    const rnd = seeded(7)
    const seenFirst = new Set<Challenge>()
    for (let i = 0; i < 200; i++) {
      const order = pickChallenges(rnd, 3)
      expect(order).toHaveLength(3)
      expect(new Set(order).size).toBe(3)
      seenFirst.add(order[0] as Challenge)
    }
    expect([...seenFirst].sort()).toEqual([...CHALLENGES].sort())
  })
  it('never asks for more than exist, nor fewer than one', () => {
    expect(pickChallenges(Math.random, 9)).toHaveLength(CHALLENGES.length)
    expect(pickChallenges(Math.random, 0)).toHaveLength(1)
  })
})

describe('each challenge, performed properly, passes', () => {
  it.each(CHALLENGES)('%s', (c) => {
    const s0 = startSession(0, [c])
    const cal = feed(s0, calibrate())
    expect(cal.events.map((e) => e.type)).toEqual(['calibrated'])
    const start = 600
    const run = feed(
      cal.session,
      frames(400, 2000, (t) => [perform[c](t, start)]),
    )
    expect(run.events.map((e) => e.type)).toEqual(['passed'])
    expect(run.session.phase.kind).toBe('passed')
    // Passed only after the action actually happened.
    expect(run.events[0]?.t).toBeGreaterThan(start)
  })
})

describe('a session of three challenges in order', () => {
  it('passes when each is done in turn, and records when each passed', () => {
    const order: Challenge[] = ['smile', 'turn_right', 'blink']
    let { session } = feed(startSession(0, order), calibrate())
    // Relax between challenges: smile, back to neutral, turn right, back, blink.
    const script = (t: number): FaceObservation => {
      if (t < 1200) return perform.smile(t, 500)
      if (t < 2600) return perform.turn_right(t, 1400)
      return perform.blink(t, 2800)
    }
    const r = feed(
      session,
      frames(400, 3600, (t) => [script(t)]),
    )
    session = r.session
    expect(r.events.map((e) => e.type)).toEqual(['challenge_passed', 'challenge_passed', 'passed'])
    const rec = livenessRecord(session, 4000)
    expect(rec).toMatchObject({ active: 'passed', reason: null, attempts: 1, failures: [] })
    expect(rec.passed.map((p) => p.challenge)).toEqual(order)
  })
})

describe('hold times and thresholds', () => {
  const turnFor = (holdMs: number) => {
    const { session } = feed(startSession(0, ['turn_left']), calibrate())
    // Reach 35° at 800 ms, stay for holdMs, come back.
    return feed(
      session,
      frames(400, 3000, (t) => [face({ yawDeg: t >= 800 && t < 800 + holdMs ? 35 : 2 })]),
    )
  }
  it('a turn held for less than the hold time does not count', () => {
    expect(turnFor(CHALLENGE_DEFAULTS.holdMs - 60).session.phase.kind).toBe('challenge')
  })
  it('a turn held for the hold time counts', () => {
    expect(turnFor(CHALLENGE_DEFAULTS.holdMs + 60).session.phase.kind).toBe('passed')
  })

  it.each([
    ['turn_left', { yawDeg: 2 + 26 }, false],
    ['turn_left', { yawDeg: 2 + 28 }, true],
    ['turn_left', { yawDeg: 2 - 35 }, false], // the wrong way
    ['turn_right', { yawDeg: 2 - 28 }, true],
    ['look_up', { pitchDeg: -5 + 16 }, false],
    ['look_up', { pitchDeg: -5 + 18 }, true],
    ['look_up', { pitchDeg: -5 - 30 }, false], // looking down
    ['smile', { smile: 0.45 }, false],
    ['smile', { smile: 0.55 }, true],
    ['blink', { smile: 0.9 }, false],
  ] as const)('%s with %o reaches the threshold: %s', (c, pose, passes) => {
    const { session } = feed(startSession(0, [c]), calibrate())
    const r = feed(session, [
      ...frames(400, 300, () => [face()]),
      ...frames(700, 600, () => [face(pose)]),
      ...frames(1300, 300, () => [face()]),
    ])
    expect(r.session.phase.kind).toBe(passes ? 'passed' : 'challenge')
  })

  it('angles count from the person’s own baseline, not from the camera axis', () => {
    // Camera mounted high: the person looks 20° down when facing it.
    const low = (over: Partial<FaceObservation> = {}) => face({ pitchDeg: -20, ...over })
    const cal = feed(
      startSession(0, ['look_up']),
      frames(0, 400, () => [low()]),
    )
    const r = feed(cal.session, [
      ...frames(400, 300, () => [low()]),
      ...frames(700, 600, () => [low({ pitchDeg: 0 })]), // 20° up from the baseline
    ])
    expect(r.session.phase.kind).toBe('passed')
  })

  it('a blink seen only in the blendshape (eye aspect ratio unchanged) counts', () => {
    const { session } = feed(startSession(0, ['blink']), calibrate())
    const r = feed(
      session,
      frames(400, 1000, (t) => [face({ blink: t >= 700 && t < 850 ? 0.8 : 0.05 })]),
    )
    expect(r.session.phase.kind).toBe('passed')
  })

  it('eyes that close and never open again are not a blink', () => {
    const { session } = feed(startSession(0, ['blink']), calibrate())
    const r = feed(
      session,
      frames(400, 3000, (t) => [face({ eyeOpenness: t >= 700 ? 0.08 : 0.3 })]),
    )
    expect(r.session.phase.kind).toBe('challenge')
  })
})

describe('a still photo cannot pass', () => {
  it.each([
    ['facing the camera', face()],
    ['already turned', face({ yawDeg: 40 })],
    ['already smiling', face({ smile: 0.95 })],
  ])('%s: times out on every attempt, then the session fails', (_name, still) => {
    const cfg = CHALLENGE_DEFAULTS
    let s = startSession(0, ['turn_left', 'smile', 'look_up'])
    const all: string[] = []
    let r = feed(
      s,
      frames(0, cfg.challengeTimeoutMs + 1000, () => [still]),
    )
    all.push(...r.events.map((e) => e.type))
    expect(r.session.phase).toMatchObject({ kind: 'attempt_failed', reason: 'timeout' })
    s = retrySession(r.session, 20_000, ['smile', 'turn_right', 'blink'])
    expect(s.attempt).toBe(2)
    r = feed(
      s,
      frames(20_000, cfg.challengeTimeoutMs + 1000, () => [still]),
    )
    all.push(...r.events.map((e) => e.type))
    expect(r.session.phase).toMatchObject({ kind: 'failed', reason: 'timeout' })
    expect(all).not.toContain('passed')
    expect(all).not.toContain('challenge_passed')
    const rec = livenessRecord(r.session, 32_000)
    expect(rec).toMatchObject({ active: 'failed', reason: 'timeout', attempts: 2 })
    expect(rec.failures.map((f) => f.reason)).toEqual(['timeout', 'timeout'])
  })

  it('a retry is refused once the last attempt has failed', () => {
    const s = startSession(0, ['blink'], { ...CHALLENGE_DEFAULTS, maxAttempts: 1 })
    const r = feed(
      s,
      frames(0, CHALLENGE_DEFAULTS.challengeTimeoutMs + 500, () => [face()]),
    )
    expect(r.session.phase.kind).toBe('failed')
    expect(retrySession(r.session, 20_000, ['smile'])).toBe(r.session)
  })
})

describe('timeouts', () => {
  it('each challenge has its own timeout, counted from when it was asked', () => {
    const { session } = feed(startSession(0, ['turn_left', 'blink']), calibrate())
    // Turn left quickly, then never blink.
    const r = feed(
      session,
      frames(400, 12_000, (t) => [perform.turn_left(t, 500)].map((f) => (t > 1500 ? face() : f))),
    )
    const passedAt = r.events.find((e) => e.type === 'challenge_passed')?.t ?? 0
    const failedAt = r.events.find((e) => e.type === 'attempt_failed')?.t ?? 0
    expect(passedAt).toBeGreaterThan(0)
    expect(failedAt - passedAt).toBeGreaterThan(CHALLENGE_DEFAULTS.challengeTimeoutMs)
    expect(failedAt - passedAt).toBeLessThan(CHALLENGE_DEFAULTS.challengeTimeoutMs + 2 * FRAME_MS)
  })
  it('the whole session fails after its overall limit, whatever the attempts', () => {
    const cfg = { ...CHALLENGE_DEFAULTS, maxAttempts: 99, sessionTimeoutMs: 5_000 }
    const r = feed(
      startSession(0, ['smile'], cfg),
      frames(0, 6_000, () => [face({ yawDeg: 45 })]),
    )
    expect(r.session.phase).toMatchObject({ kind: 'failed', reason: 'session_timeout' })
  })
})

describe('face lost, second face, face swapped', () => {
  const during = (make: (t: number) => FaceObservation[]) => {
    const { session } = feed(startSession(0, ['turn_left', 'smile']), calibrate())
    return feed(
      session,
      frames(400, 3000, (t) => make(t)),
    )
  }

  it('a face gone for a moment is tolerated', () => {
    const r = during((t) => (t >= 1000 && t < 1400 ? [] : [face()]))
    expect(r.session.phase.kind).toBe('challenge')
  })
  it('a face gone for longer than the limit fails the attempt', () => {
    const r = during((t) => (t >= 1000 && t < 1800 ? [] : [face()]))
    expect(r.session.phase).toMatchObject({ kind: 'attempt_failed', reason: 'face_lost' })
  })
  it('a second person appearing fails the attempt', () => {
    const other = face({ box: { x: 0.05, y: 0.3, width: 0.25, height: 0.33 }, signature: PERSON_B })
    const r = during((t) => (t >= 1000 ? [face(), other] : [face()]))
    expect(r.session.phase).toMatchObject({ kind: 'attempt_failed', reason: 'second_face' })
  })
  it('a small face far behind (a passer-by) and a one-frame false detection are ignored', () => {
    const far = face({ box: { x: 0.05, y: 0.3, width: 0.08, height: 0.1 } })
    const big = face({ box: { x: 0.05, y: 0.3, width: 0.25, height: 0.33 } })
    const r = during((t) => (t >= 1000 && t < 1040 ? [face(), big] : [face(), far]))
    expect(r.session.phase.kind).toBe('challenge')
  })
  it('a face that jumps across the frame between two frames is a swap', () => {
    const moved = face({ box: { x: 0.62, y: 0.25, width: 0.3, height: 0.4 } })
    const r = during((t) => (t >= 1000 ? [moved] : [face()]))
    expect(r.session.phase).toMatchObject({ kind: 'attempt_failed', reason: 'face_swapped' })
  })
  it('the same face moving steadily across the frame is not a swap', () => {
    const r = during((t) => [
      face({ box: { x: ramp(t, 800, 2000, 0.2, 0.5), y: 0.25, width: 0.3, height: 0.4 } }),
    ])
    expect(r.session.phase.kind).toBe('challenge')
  })
  it('a face of another shape in the same place, facing the camera, is a swap', () => {
    const r = during((t) => [face(t >= 1000 ? { signature: PERSON_B } : {})])
    expect(r.session.phase).toMatchObject({ kind: 'attempt_failed', reason: 'face_swapped' })
  })
  it('geometry is not compared while the head is turned (the estimate changes with pose)', () => {
    const { session } = feed(startSession(0, ['turn_left']), calibrate())
    const r = feed(
      session,
      frames(400, 600, (t) => [face(t >= 600 ? { yawDeg: 35, signature: PERSON_B } : {})]),
    )
    expect(r.session.phase.kind).toBe('passed')
  })
  it('after a failed attempt the next one starts afresh with a new baseline', () => {
    const r = during((t) => (t >= 1000 && t < 1800 ? [] : [face()]))
    const s = retrySession(r.session, 4000, ['blink'])
    expect(s).toMatchObject({ attempt: 2, baseline: null, phase: { kind: 'calibrating' } })
    const again = feed(s, [
      ...frames(4000, 400, () => [face({ signature: PERSON_B })]),
      ...frames(4400, 1000, (t) =>
        [perform.blink(t, 4600)].map((f) => ({ ...f, signature: PERSON_B })),
      ),
    ])
    expect(again.session.phase.kind).toBe('passed')
    expect(livenessRecord(again.session, 5400).failures).toEqual([
      { attempt: 1, reason: 'face_lost', challenge: 'turn_left' },
    ])
  })
})

describe('calibration', () => {
  it('waits until the person faces the camera', () => {
    const s = startSession(0, ['blink'])
    const r = feed(
      s,
      frames(0, 1000, () => [face({ yawDeg: 40 })]),
    )
    expect(r.session.phase.kind).toBe('calibrating')
    const r2 = feed(
      r.session,
      frames(1000, 400, () => [face()]),
    )
    expect(r2.events.map((e) => e.type)).toEqual(['calibrated'])
    expect(r2.session.baseline).toMatchObject({ yawDeg: 2, pitchDeg: -5, eyeOpenness: 0.3 })
  })
})
