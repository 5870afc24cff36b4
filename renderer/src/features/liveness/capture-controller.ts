/**
 * Drives one face capture from the tracker's frames: live guidance until the picture is good,
 * the selfie, then (active liveness) the challenge session, collecting liveness frames along the
 * way. No React and no DOM beyond the `grab` callback it is given, so the screen stays a view.
 */
import {
  CHALLENGE_DEFAULTS,
  currentChallenge,
  pickChallenges,
  retrySession,
  startSession,
  stepSession,
  type AttemptFailure,
  type Challenge,
  type LivenessSession,
  type SessionFailure,
} from '../../../../electron/shared/liveness/challenge.policy'
import {
  autoCaptureStep,
  GUIDANCE_DEFAULTS,
  initialAutoCapture,
  type AutoCaptureState,
  type GuidanceConfig,
  type GuidanceHint,
} from '../../../../electron/shared/liveness/guidance.policy'
import {
  selectLivenessFrames,
  LIVENESS_FRAMES,
  type FrameTag,
} from '../../../../electron/shared/liveness/liveness-frames.policy'
import { livenessRecord, passiveRecord } from '../../../../electron/shared/liveness/liveness-record'
import type { FrameObservation } from '../../../../electron/shared/liveness/observation'
import type { CaptureResult } from '../../../../electron/shared/ui/capture-flow.policy'

export type { CaptureResult }
import { FRAME_PX, SELFIE_PX, wipe } from '../capture/frame-grab'

export type CapturePhase = 'guide' | 'challenge' | 'retry_wait' | 'passed' | 'failed'

export interface CaptureView {
  phase: CapturePhase
  hint: GuidanceHint
  /** Guide: how far along the auto-capture hold (0..1). */
  holdProgress: number
  challenge: Challenge | null
  challengeIndex: number
  challengeCount: number
  /** The current challenge's neutral start was seen (else: prompt to face the camera first). */
  armed: boolean
  challengeProgress: number
  attempt: number
  maxAttempts: number
  failure: AttemptFailure | SessionFailure | null
  /** Retry wait: when the next attempt starts on its own (tracker clock). */
  retryAt: number | null
}

/** Pause between a failed attempt and the next one (the message stays readable). */
export const RETRY_PAUSE_MS = 4000
/** Interval frames are grabbed at most this often; the selection keeps ≥ 250 ms apart. */
const INTERVAL_MS = 280
const MAX_CANDIDATES = 48

interface Candidate {
  t: number
  tag: FrameTag
  bytes: Promise<Uint8Array>
}

export class CaptureController<S = unknown> {
  private auto: AutoCaptureState = initialAutoCapture()
  private session: LivenessSession | null = null
  private candidates: Candidate[] = []
  private lastGrab = -Infinity
  private selfie: Promise<Uint8Array> | null = null
  private startedAt: number | null = null
  private endedAt = 0
  private retryAt: number | null = null
  private phase: CapturePhase = 'guide'
  private holdProgress = 0
  /** Active liveness holds the pose for a shorter time: the challenges follow anyway. */
  private readonly guidance: GuidanceConfig

  constructor(
    private readonly opts: {
      active: boolean
      random: () => number
      /** A JPEG of `source` (the frame just observed), `longSide` pixels on its long side. */
      grab: (source: S, longSide: number) => Promise<Uint8Array>
    },
  ) {
    this.guidance = { ...GUIDANCE_DEFAULTS, holdMs: opts.active ? 1000 : 2000 }
  }

  private source: S | null = null

  /** Feeds one tracker frame and the source it came from; returns the view to show. */
  frame(obs: FrameObservation, source: S): CaptureView {
    this.source = source
    this.startedAt ??= obs.t
    if (this.phase === 'guide') this.guide(obs)
    else if (this.phase === 'challenge') this.challenge(obs)
    else if (this.phase === 'retry_wait' && this.retryAt !== null && obs.t >= this.retryAt) {
      this.retry(obs.t)
    }
    return this.view()
  }

  /** Starts the next attempt now (the "try again" button), if one is left. */
  retry(t: number): void {
    if (this.session === null || this.phase !== 'retry_wait') return
    this.session = retrySession(this.session, t, this.order())
    this.phase = 'challenge'
    this.retryAt = null
  }

  private order(): Challenge[] {
    return pickChallenges(this.opts.random, CHALLENGE_DEFAULTS.count)
  }

  private guide(obs: FrameObservation): void {
    const r = autoCaptureStep(this.auto, obs, this.guidance)
    this.auto = r.state
    this.holdProgress = r.progress
    // Passive mode takes its liveness frames during the hold: a still person, one face, lit.
    if (r.state.hint === 'ok') this.interval(obs.t)
    if (!r.capture) return
    this.selfie = this.grab(SELFIE_PX)
    if (this.opts.active) {
      this.session = startSession(obs.t, this.order())
      this.phase = 'challenge'
    } else {
      this.endedAt = obs.t
      this.phase = 'passed'
    }
  }

  private challenge(obs: FrameObservation): void {
    if (this.session === null) return
    const r = stepSession(this.session, obs)
    this.session = r.session
    if (obs.faces.length > 0) this.interval(obs.t)
    switch (r.event?.type) {
      case 'calibrated':
        this.add(obs.t, 'neutral')
        break
      case 'challenge_passed':
        this.add(obs.t, 'peak')
        break
      case 'passed':
        this.add(obs.t, 'peak')
        this.endedAt = obs.t
        this.phase = 'passed'
        break
      case 'attempt_failed':
        this.phase = 'retry_wait'
        this.retryAt = obs.t + RETRY_PAUSE_MS
        break
      case 'failed':
        this.endedAt = obs.t
        this.phase = 'failed'
        break
      default:
    }
  }

  private interval(t: number): void {
    if (t - this.lastGrab >= INTERVAL_MS) this.add(t, 'interval')
  }

  private add(t: number, tag: FrameTag): void {
    this.lastGrab = t
    this.candidates.push({ t, tag, bytes: this.grab(FRAME_PX) })
    if (this.candidates.length > MAX_CANDIDATES) {
      const drop = this.candidates.findIndex((c) => c.tag === 'interval')
      const [gone] = this.candidates.splice(drop < 0 ? 0 : drop, 1)
      void gone?.bytes.then(wipe, () => undefined)
    }
  }

  private grab(px: number): Promise<Uint8Array> {
    const bytes =
      this.source === null
        ? Promise.reject(new Error('no frame to capture'))
        : this.opts.grab(this.source, px)
    // Held until result() or dispose(): a failure that settles before then would otherwise be an
    // unhandled rejection (a page error). result() still sees it; this only marks it handled.
    bytes.catch(() => undefined)
    return bytes
  }

  view(): CaptureView {
    const s = this.session
    const phase = s?.phase
    return {
      phase: this.phase,
      hint: this.auto.hint,
      holdProgress: this.holdProgress,
      challenge: s === null ? null : currentChallenge(s),
      challengeIndex: phase?.kind === 'challenge' ? phase.index : (s?.passed.length ?? 0),
      challengeCount: s?.order.length ?? 0,
      armed: phase?.kind === 'challenge' ? phase.armed : false,
      challengeProgress: phase?.kind === 'challenge' ? phase.progress : 0,
      attempt: s?.attempt ?? 1,
      maxAttempts: s?.cfg.maxAttempts ?? CHALLENGE_DEFAULTS.maxAttempts,
      failure: phase?.kind === 'attempt_failed' || phase?.kind === 'failed' ? phase.reason : null,
      retryAt: this.retryAt,
    }
  }

  /** The selfie, the chosen liveness frames and the session record; call once passed or failed. */
  async result(): Promise<CaptureResult> {
    if (this.selfie === null) throw new Error('no selfie was taken')
    const chosen =
      selectLivenessFrames(this.candidates) ??
      this.candidates.map((_, i) => i).slice(-LIVENESS_FRAMES.max)
    const frames = await Promise.all(
      chosen.map((i) => this.candidates[i]?.bytes ?? Promise.resolve(new Uint8Array())),
    )
    const record =
      this.session === null
        ? passiveRecord(this.endedAt - (this.startedAt ?? this.endedAt))
        : livenessRecord(this.session, this.endedAt)
    return { selfie: await this.selfie, frames, record, endedAt: this.endedAt }
  }

  /**
   * Drops the selfie and every frame still held (idle wipe, cancel, unmount, a failed capture),
   * except those in `keep`. Safe to call again: a later call wipes only what was taken since
   * (React's development double-mount calls it once early).
   */
  dispose(keep: readonly Uint8Array[] = []): void {
    const held = this.candidates.map((c) => c.bytes)
    if (this.selfie !== null) held.push(this.selfie)
    for (const bytes of held) {
      // A grab that failed holds nothing to wipe.
      void bytes.then(
        (b) => {
          if (!keep.includes(b)) wipe(b)
        },
        () => undefined,
      )
    }
    this.candidates = []
    this.selfie = null
  }
}
