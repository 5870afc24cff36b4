/**
 * What a job records about its liveness session (metadata.liveness): which challenges were asked
 * and passed, every failed attempt, and the outcome. Written by the UI, read by staff screens,
 * the sync engine and the backend; the outcome is never "passed" unless the session passed.
 */
import type { AttemptFailure, Challenge, LivenessSession, SessionFailure } from './challenge.policy'

export interface LivenessRecord {
  /** passed / failed: an active challenge ran; off: passive only (setting capture.activeLiveness). */
  active: 'passed' | 'failed' | 'off'
  reason: SessionFailure | null
  challenges: Challenge[]
  /** Milliseconds from the session start to each challenge passed (last attempt). */
  passed: { challenge: Challenge; atMs: number }[]
  attempts: number
  failures: { attempt: number; reason: AttemptFailure; challenge: Challenge | null }[]
  durationMs: number
}

export function livenessRecord(s: LivenessSession, now: number): LivenessRecord {
  const outcome = s.phase.kind === 'passed' ? 'passed' : 'failed'
  return {
    active: outcome,
    reason: s.phase.kind === 'failed' ? s.phase.reason : null,
    challenges: [...s.order],
    passed: s.passed.map((p) => ({ challenge: p.challenge, atMs: Math.round(p.at - s.startedAt) })),
    attempts: s.attempt,
    failures: s.failures.map((f) => ({ ...f })),
    durationMs: Math.round(now - s.startedAt),
  }
}

export const passiveRecord = (durationMs: number): LivenessRecord => ({
  active: 'off',
  reason: null,
  challenges: [],
  passed: [],
  attempts: 0,
  failures: [],
  durationMs: Math.round(durationMs),
})

/**
 * Did this job's active-liveness session fail? Such a job is kept for staff, never sent as if it
 * had passed: capture refuses it, sync never uploads it, staff retry refuses it.
 */
export function activeLivenessFailed(
  metadata: Record<string, unknown> | null | undefined,
): boolean {
  const l = metadata?.liveness
  return typeof l === 'object' && l !== null && (l as { active?: unknown }).active === 'failed'
}
