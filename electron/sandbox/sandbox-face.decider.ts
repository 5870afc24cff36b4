/**
 * The sandbox deciding with the kiosk's own face engine (YuNet detection, MiniFASNet passive
 * liveness, MobileFaceNet embeddings) at the default thresholds: enrolment needs one live face;
 * authentication also needs the selfie to match the enrolment template. Scores near a threshold
 * go to (simulated) human review, as the vendor's machine-unsure codes do.
 */
import { createFaceEngine } from '../core/face/face-engine.service'
import { createLogger } from '../core/log'
import { defaultSettings } from '../shared/domain/settings.schema'
import type { DeciderOutput, SandboxDecider } from './sandbox-decider'

/** Scores this close to a threshold are "unsure": the machine defers to review. */
const UNSURE_MARGIN = 0.1

export function faceEngineDecider(modelsDir: string): SandboxDecider {
  const settings = defaultSettings()
  const engine = createFaceEngine({
    modelsDir,
    settings: () => settings,
    log: createLogger('sandbox-face'),
  })
  const liveThreshold = settings['thresholds.liveness']
  const matchThreshold = settings['thresholds.faceMatch']
  const description = `face engine (liveness ≥ ${liveThreshold}, match ≥ ${matchThreshold})`
  return {
    description,
    async decide(input): Promise<DeciderOutput> {
      const a = await engine.analyse(input.selfie, { liveness: true })
      if (a.face === null || a.embedding === null) {
        return {
          verdict: 'no_face',
          confidence: 0,
          engine: `${description}: no face in the selfie`,
          template: null,
        }
      }
      const live = a.liveness?.score ?? 0
      const tag = (what: string) => `${description}: ${what}`
      if (live < liveThreshold - UNSURE_MARGIN) {
        return {
          verdict: 'reject_spoof',
          confidence: live * 100,
          engine: tag(`liveness ${live.toFixed(2)}`),
          template: null,
        }
      }
      const liveUnsure = live < liveThreshold + UNSURE_MARGIN
      if (input.jobType === 4) {
        return {
          verdict: liveUnsure ? 'review' : 'approve',
          confidence: live * 100,
          engine: tag(`liveness ${live.toFixed(2)}`),
          template: a.embedding,
          reviewOutcome: live >= liveThreshold ? 'approve' : 'reject',
        }
      }
      if (input.enrolledTemplate === null) {
        // Enrolled before the engine was available: a person would have to compare.
        return {
          verdict: 'review',
          confidence: live * 100,
          engine: tag('no enrolment template on file to compare with'),
          template: null,
        }
      }
      const sim = engine.similarity(a.embedding, input.enrolledTemplate)
      const what = `liveness ${live.toFixed(2)}, similarity ${sim.toFixed(2)}`
      if (sim < matchThreshold - UNSURE_MARGIN) {
        return {
          verdict: 'reject_mismatch',
          confidence: Math.max(0, sim) * 100,
          engine: tag(what),
          template: null,
        }
      }
      const unsure = liveUnsure || sim < matchThreshold + UNSURE_MARGIN
      const lean = live >= liveThreshold && sim >= matchThreshold ? 'approve' : 'reject'
      return {
        verdict: unsure ? 'review' : 'approve',
        confidence: Math.max(0, sim) * 100,
        engine: tag(what),
        template: null,
        reviewOutcome: lean,
      }
    },
    close: () => {
      engine.close()
      return Promise.resolve()
    },
  }
}
