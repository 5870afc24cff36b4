/**
 * The face part of a job's local checks (the capture service's LocalChecksRunner): quality gate,
 * passive liveness, selfie vs ID portrait, selfie vs the kiosk's own template (authentication),
 * 1:N search among other enrolled users (enrolment). What is stored is plain JSON with scores and
 * decisions, never an embedding; the enrolment template goes, encrypted, to face_templates.
 * A missing model or a crashed engine never fails the capture: the checks say NOT_EXECUTED and why.
 */
import type { ImageKind } from '../../shared/domain/job'
import type { Settings } from '../../shared/domain/settings.schema'
import type { EngineInfo, FaceAnalysis } from '../../shared/face/face.types'
import { summariseFaceChecks, matchSelfieScores } from '../../shared/face/face-checks.policy'
import { notExecuted } from '../../shared/face/face-vocabulary'
import { assessLiveness, type LivenessAssessment } from '../../shared/face/liveness.policy'
import {
  assessDuplicates,
  assessMatch,
  cosine,
  type DuplicateAssessment,
  type MatchAssessment,
} from '../../shared/face/match.policy'
import { assessQuality, gateNotPassed } from '../../shared/face/quality.policy'
import { toErrorShape } from '../../shared/contract/result'
import type { NormalisedImage } from '../images/image-input'
import type { Logger } from '../log'
import type { FaceEngine, MatchVerdict } from './face-engine'
import type { FaceTemplatesRepo } from './face-templates.repo'
import { matchVerdict, sameBytes } from './match-verdict'

type JobImage = NormalisedImage & { kind: ImageKind; seq: number }
export interface FaceCheckJob {
  jobType: 2 | 4
  userId: string
  images: readonly JobImage[]
}

export interface FaceChecksDeps {
  engine: FaceEngine
  templates: FaceTemplatesRepo
  settings: () => Settings
  log: Logger
}

export interface FaceChecksResult {
  /** `{ face: {...} }`, so other checks (documents) can sit beside it in local_checks. */
  checks: { face: Record<string, unknown> }
  /**
   * Not stored: the selfie vs id_front verdict, when this part analysed both, so the document
   * part need not analyse them again (withDocumentChecks hands it over).
   */
  frontMatch: MatchVerdict | undefined
}

export type FaceChecksRunner = (job: FaceCheckJob) => Promise<FaceChecksResult>

export function createFaceChecks(deps: FaceChecksDeps): FaceChecksRunner {
  return async (job) => {
    const { report, frontMatch } = await faceChecks(deps, job)
    return { checks: { face: report }, frontMatch }
  }
}

async function faceChecks(
  deps: FaceChecksDeps,
  job: FaceCheckJob,
): Promise<{ report: Record<string, unknown>; frontMatch?: MatchVerdict | undefined }> {
  const started = performance.now()
  const s = deps.settings()
  const threshold = s['thresholds.faceMatch']
  const selfie = job.images.find((i) => i.kind === 'selfie')
  if (selfie === undefined) {
    return {
      report: {
        ...notExecuted('PRECONDITION_NOT_FULFILLED', 'the job has no selfie'),
        warnings: [],
      },
    }
  }

  let engine: EngineInfo
  let a: FaceAnalysis
  try {
    engine = await deps.engine.info()
    a = await deps.engine.analyse(selfie.bytes)
  } catch (err) {
    const e = toErrorShape(err)
    deps.log.warn('face checks not run', { code: e.code, reason: e.message })
    return {
      report: {
        ...notExecuted('TECHNICAL_ERROR', `face checks not run: ${e.message}`),
        error: e,
        warnings: [],
      },
    }
  }

  const quality = assessQuality(a.metrics)
  const liveness: LivenessAssessment = quality.passed
    ? assessLiveness(a.liveness, s['thresholds.liveness'])
    : {
        ...gateNotPassed(),
        score: null,
        threshold: s['thresholds.liveness'],
        live: false,
        warnings: [],
      }
  const modelTag = `mobilefacenet:${engine.models.mobilefacenet ?? 'unknown'}`

  let frames: Record<string, unknown> | undefined
  let document: MatchAssessment | undefined
  let frontMatch: MatchVerdict | undefined
  let enrolled: MatchAssessment | undefined
  let duplicates: DuplicateAssessment | undefined
  try {
    if (quality.passed && a.embedding !== null) {
      frames = await frameEvidence(deps.engine, job.images, a.embedding, threshold)
      const front = job.images.find((i) => i.kind === 'id_front')
      if (front !== undefined) {
        const doc = await deps.engine.analyse(front.bytes, { liveness: false })
        document = documentMatch(a.embedding, doc.embedding, threshold)
        frontMatch = matchVerdict(a, doc, {
          threshold,
          sameBytes: sameBytes(selfie.bytes, front.bytes),
        })
      }
      if (job.jobType === 2) {
        enrolled = enrolledMatch(
          deps.templates.forUser(job.userId, modelTag),
          a.embedding,
          selfie.sha256,
          threshold,
        )
      } else {
        const others = deps.templates.others(job.userId, modelTag)
        duplicates = assessDuplicates(
          job.userId,
          others.map((t) => ({
            userId: t.userId,
            jobId: t.jobId,
            similarity: cosine(a.embedding ?? [], t.embedding),
          })),
          threshold,
        )
        // Only a face that passed the gate and liveness becomes a template to compare against.
        if (liveness.live) {
          deps.templates.save({
            userId: job.userId,
            selfieSha256: selfie.sha256,
            model: modelTag,
            embedding: a.embedding,
          })
        }
      }
    } else {
      const why = gateNotPassed()
      if (job.images.some((i) => i.kind === 'id_front')) {
        document = { ...why, ...emptyMatch(threshold) }
      }
      if (job.jobType === 2) enrolled = { ...why, ...emptyMatch(threshold) }
    }
  } catch (err) {
    // The selfie's own checks stand; only the comparisons are reported as not run.
    const e = toErrorShape(err)
    deps.log.warn('face comparisons not run', { code: e.code, reason: e.message })
    const failed = {
      ...notExecuted('TECHNICAL_ERROR', `comparison not run: ${e.message}`),
      ...emptyMatch(threshold),
    }
    if (job.images.some((i) => i.kind === 'id_front')) document ??= failed
    if (job.jobType === 2) enrolled ??= failed
    if (job.jobType === 4) {
      duplicates ??= {
        ...notExecuted('TECHNICAL_ERROR', `1:N search not run: ${e.message}`),
        faceSearchFindings: { status: 'ERROR', findings: [] },
        matches: [],
        searched: 0,
        warnings: [],
      }
    }
  }

  const parts = { quality, liveness, document, enrolled, duplicates }
  const summary = summariseFaceChecks(parts)
  const report = {
    ...summary,
    engine: {
      provider: engine.provider,
      requested: engine.requested,
      fallbacks: engine.fallbacks,
      models: engine.models,
    },
    selfie: { image: a.image, faces: a.faces.length, face: a.face, metrics: a.metrics },
    quality: withoutWarnings(quality),
    liveness: {
      ...withoutWarnings(liveness),
      ...(a.liveness === null
        ? {}
        : { models: { v2: round3(a.liveness.v2[1]), v1se: round3(a.liveness.v1se[1]) } }),
      ...(frames === undefined ? {} : { frames }),
    },
    ...(document === undefined ? {} : { documentMatch: withoutWarnings(document) }),
    ...(enrolled === undefined ? {} : { enrolledMatch: withoutWarnings(enrolled) }),
    ...(duplicates === undefined ? {} : { duplicates: withoutWarnings(duplicates) }),
    matchSelfie: matchSelfieScores({
      image: a.image,
      faces: a.faces.length,
      face: a.face,
      metrics: a.metrics,
      quality,
      liveness,
      ...(document === undefined ? {} : { document }),
      ...(enrolled === undefined ? {} : { enrolled }),
    }),
    timingsMs: { total: Math.round(performance.now() - started), selfie: a.timingsMs },
  }
  return { report, frontMatch }
}

/**
 * Liveness frames are reported as evidence, not decided on: head-turn frames score unevenly and
 * the shared data has no labelled frames to set a limit with.
 */
async function frameEvidence(
  engine: FaceEngine,
  images: readonly JobImage[],
  selfie: Float32Array,
  threshold: number,
): Promise<Record<string, unknown> | undefined> {
  const frames = images.filter((i) => i.kind === 'liveness')
  if (frames.length === 0) return undefined
  const scores: number[] = []
  let sameFace = 0
  let withFace = 0
  for (const f of frames) {
    const r = await engine.analyse(f.bytes, { liveness: true })
    if (r.embedding === null || r.liveness === null) continue
    withFace++
    scores.push(r.liveness.score)
    if (cosine(selfie, r.embedding) >= threshold) sameFace++
  }
  return {
    count: frames.length,
    withFace,
    sameFaceAsSelfie: sameFace,
    meanLive:
      scores.length === 0 ? null : round3(scores.reduce((x, y) => x + y, 0) / scores.length),
    minLive: scores.length === 0 ? null : round3(Math.min(...scores)),
  }
}

function documentMatch(
  selfie: Float32Array,
  doc: Float32Array | null,
  threshold: number,
): MatchAssessment {
  if (doc === null) {
    return assessMatch({ similarity: null, threshold, against: 'document', missing: 'reference' })
  }
  return assessMatch({ similarity: cosine(selfie, doc), threshold, against: 'document' })
}

function enrolledMatch(
  templates: { embedding: Float32Array; selfieSha256: string }[],
  selfie: Float32Array,
  selfieSha: string,
  threshold: number,
): MatchAssessment {
  if (templates.length === 0) {
    return {
      ...notExecuted('PRECONDITION_NOT_FULFILLED', 'no face enrolled for this user on this kiosk'),
      ...emptyMatch(threshold),
    }
  }
  let best = -1
  for (const t of templates) best = Math.max(best, cosine(selfie, t.embedding))
  // Only a byte-identical replay of the enrolment selfie counts as "identical" here: a customer
  // who authenticates minutes after enrolling honestly scores high too.
  const replay = templates.some((t) => t.selfieSha256 === selfieSha)
  return assessMatch({ similarity: best, threshold, against: 'template', identical: replay })
}

const emptyMatch = (threshold: number) => ({
  similarity: null,
  threshold,
  match: false,
  identical: false,
  warnings: [],
})

function withoutWarnings<T extends { warnings: unknown }>(p: T): Omit<T, 'warnings'> {
  const { warnings: _w, ...rest } = p
  return rest
}

const round3 = (v: number) => Math.round(v * 1000) / 1000
