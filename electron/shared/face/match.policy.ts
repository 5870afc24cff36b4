/**
 * 1:1 and 1:N decisions on embedding cosine similarity, reported in the seed vocabulary:
 * FACE_MISMATCH with the score, FACE_IDENTICAL for a copy of the reference photo, REPEATED_FACE
 * for a face already enrolled under another user, MatchSelfie-style percentages (seed 004).
 */
import {
  clamp01,
  faceWarning,
  notExecuted,
  passed,
  round3,
  type CheckDecision,
  type FaceWarning,
} from './face-vocabulary'

/**
 * Where thresholds.faceMatch's default comes from: scripts/calibrate-face.ts on the 36 shared
 * faces (14 identities) through this exact pipeline (YuNet → ArcFace alignment → MobileFaceNet).
 * Impostor cosine mean 0.017, sd 0.100, max 0.342 (585 pairs); genuine mean 0.739, min 0.509
 * (45 pairs). 0.45 is where a normal fit of the impostor scores predicts FMR = 1e-5; on the shared
 * pairs it gives FMR 0/585 and FNMR 0/45. The set is small and mostly frontal press photos: re-run
 * the script on the bank's own pairs before going live.
 */
export const FACE_MATCH_CALIBRATION = {
  threshold: 0.45,
  targetFmr: 1e-5,
  empiricalFmr: 0,
  empiricalFnmr: 0,
  genuinePairs: 45,
  impostorPairs: 585,
  source: 'scripts/calibrate-face.ts on shared/data/faces (36 images, 14 identities)',
} as const

/**
 * At or above this, two images are copies of one photo, not two photos of one person: re-encoded
 * and downscaled copies of the shared faces score ≥ 0.90 (98.6 % ≥ 0.92), while different photos
 * of the same person score ≤ 0.88 (scripts/calibrate-face.ts).
 */
export const IDENTICAL_SIMILARITY = 0.92

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) {
    throw new Error(`embeddings differ in length (${a.length}, ${b.length})`)
  }
  let dot = 0
  let na = 0
  let nb = 0
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0
    const y = b[i] ?? 0
    dot += x * y
    na += x * x
    nb += y * y
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb)
}

/** MatchSelfie's MatchScore / VerificationScore: the similarity as a percentage, 0..100. */
export const matchScorePercent = (similarity: number): number =>
  Math.round(clamp01(similarity) * 10000) / 100

export const isIdentical = (similarity: number, sameBytes = false): boolean =>
  sameBytes || similarity >= IDENTICAL_SIMILARITY

export interface MatchAssessment extends CheckDecision {
  similarity: number | null
  threshold: number
  match: boolean
  identical: boolean
  warnings: FaceWarning[]
}

export type MatchAgainst = 'document' | 'template'

/**
 * Selfie vs `against`. A document portrait that does not match is a WARNING / DIFFERENT_PERSON
 * (seed 001: the backend decides); an enrolled template that does not match rejects the
 * authentication. A copy of the reference photo is never a pass: FACE_IDENTICAL.
 */
export function assessMatch(input: {
  similarity: number | null
  threshold: number
  against: MatchAgainst
  identical?: boolean
  /** When `similarity` is null: whose face was missing. */
  missing?: 'selfie' | 'reference'
}): MatchAssessment {
  const { similarity, threshold, against } = input
  if (similarity === null) {
    const noDocFace = against === 'document' && input.missing === 'reference'
    const reason =
      input.missing === 'selfie'
        ? 'no face in the selfie'
        : noDocFace
          ? 'no face found on the document image'
          : 'no enrolled face to compare with'
    return {
      ...notExecuted('PRECONDITION_NOT_FULFILLED', reason),
      similarity: null,
      threshold,
      match: false,
      identical: false,
      warnings: noDocFace ? [faceWarning('DOCUMENT_FACE_NOT_FOUND', 1)] : [],
    }
  }
  const s = round3(similarity)
  const identical = input.identical ?? isIdentical(similarity)
  const match = similarity >= threshold
  const what = against === 'document' ? 'document photo' : 'enrolled template'
  if (identical) {
    return {
      decision: 'REJECTED',
      label: 'FAILED',
      reason: `the selfie is a copy of the ${what}, not a new photo`,
      similarity: s,
      threshold,
      match,
      identical,
      warnings: [
        faceWarning('FACE_IDENTICAL', similarity, {
          description: `Selfie photo appears to be the exact same photo as the ${what}.`,
        }),
      ],
    }
  }
  if (match) return { ...passed(), similarity: s, threshold, match, identical, warnings: [] }
  const warning = faceWarning('FACE_MISMATCH', 1 - clamp01(similarity), {
    args: [similarity],
    description: `Face mismatch between ${what} and selfie photo, similarity score: %s.`,
  })
  return {
    ...(against === 'document'
      ? { decision: 'WARNING' as const, label: 'DIFFERENT_PERSON' as const }
      : { decision: 'REJECTED' as const, label: 'FAILED' as const }),
    reason: `the selfie does not match the ${what} (similarity ${s.toFixed(2)} < ${threshold})`,
    similarity: s,
    threshold,
    match,
    identical,
    warnings: [warning],
  }
}

export interface DuplicateFinding {
  userId: string
  jobId: string
  similarity: number
}

export interface DuplicateAssessment extends CheckDecision {
  /** Seed 001's data shape for the 1:N search. */
  faceSearchFindings: { status: 'DONE' | 'ERROR'; findings: string[] }
  matches: DuplicateFinding[]
  searched: number
  warnings: FaceWarning[]
}

/**
 * 1:N: enrolled faces of OTHER users at or above the threshold. A hit is a WARNING /
 * REPEATED_FACE: staff and the backend decide, the kiosk only flags it.
 */
export function assessDuplicates(
  userId: string,
  candidates: readonly DuplicateFinding[],
  threshold: number,
): DuplicateAssessment {
  const matches = candidates
    .filter((c) => c.userId !== userId && c.similarity >= threshold)
    .sort((a, b) => b.similarity - a.similarity)
    .map((c) => ({ ...c, similarity: round3(c.similarity) }))
  const findings = matches.map((m) => m.jobId)
  const base = {
    faceSearchFindings: { status: 'DONE' as const, findings },
    matches,
    searched: candidates.length,
  }
  if (matches.length === 0) return { ...passed(), ...base, warnings: [] }
  const best = matches[0]?.similarity ?? 0
  const users = [...new Set(matches.map((m) => m.userId))]
  return {
    decision: 'WARNING',
    label: 'REPEATED_FACE',
    reason: `this face is already enrolled on this kiosk as user ${users.join(', ')} (similarity ${best.toFixed(2)})`,
    ...base,
    warnings: [faceWarning('REPEATED_FACE', best)],
  }
}
