/**
 * Active liveness: a pure reducer over the stream of frame observations. The session asks for a
 * few challenges in random order (turn left / right, look up, blink, smile); each must start from
 * a neutral pose and reach its threshold for a hold time, within a per-challenge timeout. The
 * face may not be lost, joined by a second face or swapped for another one; an attempt that fails
 * may be retried up to a limit, after which the session has failed for good.
 *
 * Thresholds follow Smile ID's enhanced SmartSelfie (anchors-features.md §B): end-point yaw ≥ 27°,
 * pitch ≥ 17° (mid-point 7°), 150 ms stability, forced failure after 120 s. Angles are taken
 * relative to the person's own baseline (measured while they face the camera), because a kiosk
 * camera is rarely at eye height.
 */
import {
  IDENTITY_DEFAULTS,
  medianSignature,
  newTrack,
  trackIdentity,
  type IdentityBaseline,
  type IdentityConfig,
  type IdentityTrack,
} from './identity.policy'
import { median, prominentFaces, type FaceObservation, type FrameObservation } from './observation'

export const CHALLENGES = ['turn_left', 'turn_right', 'look_up', 'blink', 'smile'] as const
export type Challenge = (typeof CHALLENGES)[number]

export const ATTEMPT_FAILURES = ['timeout', 'face_lost', 'second_face', 'face_swapped'] as const
export type AttemptFailure = (typeof ATTEMPT_FAILURES)[number]
export type SessionFailure = AttemptFailure | 'session_timeout'

export interface ChallengeConfig {
  /** Challenges asked per attempt, drawn without repeats. */
  count: number
  turnDeg: number
  upDeg: number
  /** Looking up must start below this pitch (Smile's mid-point). */
  midUpDeg: number
  /** A turn must start within this many degrees of the baseline. */
  neutralDeg: number
  holdMs: number
  /** Eyes count as closed at this share of the open-eye aspect ratio (or blendshape ≥ blinkScore). */
  blinkClosedRatio: number
  blinkScore: number
  /** …and as open again at this share (and blendshape below blinkOpenScore). */
  blinkOpenRatio: number
  blinkOpenScore: number
  smileScore: number
  /** A smile must start from a face at or below this smile score. */
  smileNeutral: number
  calibrationMs: number
  /** Calibration needs the face roughly frontal (absolute degrees). */
  calibrationMaxYawDeg: number
  calibrationMaxPitchDeg: number
  challengeTimeoutMs: number
  maxAttempts: number
  sessionTimeoutMs: number
  faceLostMs: number
  secondFaceFrames: number
  otherPersonShare: number
  identity: IdentityConfig
}

export const CHALLENGE_DEFAULTS: ChallengeConfig = {
  count: 3,
  turnDeg: 27,
  upDeg: 17,
  midUpDeg: 7,
  neutralDeg: 12,
  holdMs: 150,
  // MediaPipe's eyeBlink blendshape stays low for many people with closed eyes (mediapipe#1919,
  // #4450), so the eye aspect ratio against the person's own open eyes decides as well.
  blinkClosedRatio: 0.55,
  blinkScore: 0.5,
  blinkOpenRatio: 0.8,
  blinkOpenScore: 0.35,
  smileScore: 0.5,
  smileNeutral: 0.3,
  calibrationMs: 300,
  calibrationMaxYawDeg: 20,
  calibrationMaxPitchDeg: 25,
  challengeTimeoutMs: 10_000,
  maxAttempts: 2,
  sessionTimeoutMs: 120_000,
  faceLostMs: 600,
  secondFaceFrames: 3,
  otherPersonShare: 0.5,
  identity: IDENTITY_DEFAULTS,
}

export interface Baseline extends IdentityBaseline {
  eyeOpenness: number
  smile: number
}

export type Phase =
  | {
      kind: 'calibrating'
      startedAt: number
      samples: readonly FaceObservation[]
      since: number | null
    }
  | {
      kind: 'challenge'
      index: number
      startedAt: number
      /** The neutral start was seen. */
      armed: boolean
      holdSince: number | null
      /** Blink: the eyes were seen closed. */
      closed: boolean
      progress: number
    }
  | { kind: 'attempt_failed'; reason: AttemptFailure; at: number }
  | { kind: 'passed'; at: number }
  | { kind: 'failed'; reason: SessionFailure; at: number }

export interface LivenessSession {
  cfg: ChallengeConfig
  order: readonly Challenge[]
  attempt: number
  startedAt: number
  phase: Phase
  baseline: Baseline | null
  identity: IdentityTrack
  lastFaceAt: number
  secondFaceRun: number
  passed: readonly { challenge: Challenge; at: number }[]
  /** Every failed attempt, oldest first: recorded with the job. */
  failures: readonly { attempt: number; reason: AttemptFailure; challenge: Challenge | null }[]
}

export type SessionEvent =
  | { type: 'calibrated' }
  /** A challenge was passed and another follows. */
  | { type: 'challenge_passed'; challenge: Challenge }
  | { type: 'attempt_failed'; reason: AttemptFailure }
  /** The last challenge was passed: the session has passed. */
  | { type: 'passed'; challenge: Challenge }
  | { type: 'failed'; reason: SessionFailure }

/** Draws `count` different challenges; `random` returns numbers in [0, 1). */
export function pickChallenges(random: () => number, count: number): Challenge[] {
  const pool = [...CHALLENGES]
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    const a = pool[i] as Challenge
    pool[i] = pool[j] as Challenge
    pool[j] = a
  }
  return pool.slice(0, Math.max(1, Math.min(count, pool.length)))
}

export function startSession(
  t: number,
  order: readonly Challenge[],
  cfg: ChallengeConfig = CHALLENGE_DEFAULTS,
): LivenessSession {
  return {
    cfg,
    order,
    attempt: 1,
    startedAt: t,
    phase: { kind: 'calibrating', startedAt: t, samples: [], since: null },
    baseline: null,
    identity: newTrack(),
    lastFaceAt: t,
    secondFaceRun: 0,
    passed: [],
    failures: [],
  }
}

/** Starts the next attempt after a failed one (a fresh order), if any attempt is left. */
export function retrySession(
  s: LivenessSession,
  t: number,
  order: readonly Challenge[],
): LivenessSession {
  if (s.phase.kind !== 'attempt_failed') return s
  // A fresh attempt; the session's start, attempt count and failure record carry over.
  return {
    ...startSession(t, order, s.cfg),
    startedAt: s.startedAt,
    attempt: s.attempt + 1,
    failures: s.failures,
  }
}

export const currentChallenge = (s: LivenessSession): Challenge | null =>
  s.phase.kind === 'challenge' ? (s.order[s.phase.index] ?? null) : null

/** Feeds one frame; returns the next session and what happened on this frame, if anything. */
export function stepSession(
  s: LivenessSession,
  frame: FrameObservation,
): { session: LivenessSession; event?: SessionEvent } {
  const { phase, cfg } = s
  if (phase.kind !== 'calibrating' && phase.kind !== 'challenge') return { session: s }
  const t = frame.t
  if (t - s.startedAt > cfg.sessionTimeoutMs) {
    const reason: SessionFailure = 'session_timeout'
    return {
      session: { ...s, phase: { kind: 'failed', reason, at: t } },
      event: { type: 'failed', reason },
    }
  }

  const face = frame.faces[0]
  if (face === undefined) {
    return t - s.lastFaceAt > cfg.faceLostMs ? failAttempt(s, t, 'face_lost') : { session: s }
  }
  const others = prominentFaces(frame.faces, cfg.otherPersonShare).length > 1
  const secondFaceRun = others ? s.secondFaceRun + 1 : 0
  if (secondFaceRun >= cfg.secondFaceFrames) return failAttempt(s, t, 'second_face')

  const id = trackIdentity(s.identity, t, face, s.baseline, cfg.identity)
  if (id.swapped) return failAttempt(s, t, 'face_swapped')
  const seen: LivenessSession = { ...s, lastFaceAt: t, secondFaceRun, identity: id.track }

  if (t - phase.startedAt > cfg.challengeTimeoutMs) return failAttempt(seen, t, 'timeout')
  if (others) return { session: seen } // wait a frame or two before deciding it is a second person
  return phase.kind === 'calibrating'
    ? calibrate(seen, phase, face, t)
    : challenge(seen, phase, face, t)
}

function calibrate(
  s: LivenessSession,
  phase: Extract<Phase, { kind: 'calibrating' }>,
  face: FaceObservation,
  t: number,
): { session: LivenessSession; event?: SessionEvent } {
  const frontal =
    Math.abs(face.yawDeg) <= s.cfg.calibrationMaxYawDeg &&
    Math.abs(face.pitchDeg) <= s.cfg.calibrationMaxPitchDeg
  if (!frontal) return { session: { ...s, phase: { ...phase, samples: [], since: null } } }
  const samples = [...phase.samples, face]
  const since = phase.since ?? t
  if (t - since < s.cfg.calibrationMs || samples.length < 3) {
    return { session: { ...s, phase: { ...phase, samples, since } } }
  }
  const baseline: Baseline = {
    yawDeg: median(samples.map((f) => f.yawDeg)),
    pitchDeg: median(samples.map((f) => f.pitchDeg)),
    eyeOpenness: median(samples.map((f) => f.eyeOpenness)),
    smile: median(samples.map((f) => f.smile)),
    signature: medianSignature(samples.map((f) => f.signature)),
  }
  return {
    session: { ...s, baseline, phase: newChallengePhase(0, t) },
    event: { type: 'calibrated' },
  }
}

const newChallengePhase = (index: number, t: number): Phase => ({
  kind: 'challenge',
  index,
  startedAt: t,
  armed: false,
  holdSince: null,
  closed: false,
  progress: 0,
})

function challenge(
  s: LivenessSession,
  phase: Extract<Phase, { kind: 'challenge' }>,
  face: FaceObservation,
  t: number,
): { session: LivenessSession; event?: SessionEvent } {
  const which = s.order[phase.index]
  const base = s.baseline
  if (which === undefined || base === null) return { session: s }
  const sig = challengeSignal(which, face, base, s.cfg)
  const armed = phase.armed || sig.neutral
  let { holdSince, closed } = phase
  let done = false
  if (armed) {
    if (which === 'blink') {
      // A blink is closed-then-open: no hold, it is over in ~150 ms.
      if (sig.closed) closed = true
      else if (closed && sig.open) done = true
    } else if (sig.reached) {
      holdSince ??= t
      done = t - holdSince >= s.cfg.holdMs
    } else {
      holdSince = null
    }
  }
  const progress = armed ? (done ? 1 : sig.progress) : 0
  if (!done) {
    return { session: { ...s, phase: { ...phase, armed, holdSince, closed, progress } } }
  }
  const passed = [...s.passed, { challenge: which, at: t }]
  const last = phase.index + 1 >= s.order.length
  if (last) {
    return {
      session: { ...s, passed, phase: { kind: 'passed', at: t } },
      event: { type: 'passed', challenge: which },
    }
  }
  return {
    session: { ...s, passed, phase: newChallengePhase(phase.index + 1, t) },
    event: { type: 'challenge_passed', challenge: which },
  }
}

/** How one frame stands against one challenge, relative to the baseline. */
export function challengeSignal(
  which: Challenge,
  face: FaceObservation,
  base: Baseline,
  cfg: ChallengeConfig = CHALLENGE_DEFAULTS,
): { neutral: boolean; reached: boolean; progress: number; closed: boolean; open: boolean } {
  const yaw = face.yawDeg - base.yawDeg
  const pitch = face.pitchDeg - base.pitchDeg
  const frontal = Math.abs(yaw) <= 20 && Math.abs(pitch) <= 15
  const none = { neutral: false, reached: false, progress: 0, closed: false, open: false }
  switch (which) {
    case 'turn_left':
    case 'turn_right': {
      const dir = which === 'turn_left' ? yaw : -yaw
      return {
        ...none,
        neutral: Math.abs(yaw) <= cfg.neutralDeg,
        reached: dir >= cfg.turnDeg && Math.abs(pitch) <= cfg.turnDeg,
        progress: clamp01(dir / cfg.turnDeg),
      }
    }
    case 'look_up':
      return {
        ...none,
        neutral: pitch <= cfg.midUpDeg,
        reached: pitch >= cfg.upDeg && Math.abs(yaw) <= cfg.turnDeg,
        progress: clamp01(pitch / cfg.upDeg),
      }
    case 'blink': {
      const ratio = base.eyeOpenness > 0 ? face.eyeOpenness / base.eyeOpenness : 1
      const closed = frontal && (ratio <= cfg.blinkClosedRatio || face.blink >= cfg.blinkScore)
      const open = frontal && ratio >= cfg.blinkOpenRatio && face.blink < cfg.blinkOpenScore
      return { ...none, neutral: open, closed, open, progress: closed ? 0.5 : 0 }
    }
    case 'smile':
      return {
        ...none,
        neutral: face.smile <= cfg.smileNeutral,
        reached: frontal && face.smile >= cfg.smileScore,
        progress: clamp01(face.smile / cfg.smileScore),
      }
  }
}

function failAttempt(
  s: LivenessSession,
  t: number,
  reason: AttemptFailure,
): { session: LivenessSession; event: SessionEvent } {
  const failures = [...s.failures, { attempt: s.attempt, reason, challenge: currentChallenge(s) }]
  if (s.attempt >= s.cfg.maxAttempts) {
    return {
      session: { ...s, failures, phase: { kind: 'failed', reason, at: t } },
      event: { type: 'failed', reason },
    }
  }
  return {
    session: { ...s, failures, phase: { kind: 'attempt_failed', reason, at: t } },
    event: { type: 'attempt_failed', reason },
  }
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v))
