/**
 * FaceEngine.match's verdict from two analyses already made. A job's face part analyses the selfie
 * and the ID front anyway; handing the document part this verdict spares it a second inference
 * pass over both images (a 600-dpi scan is a large decode).
 */
import type { FaceAnalysis } from '../../shared/face/face.types'
import { cosine, isIdentical } from '../../shared/face/match.policy'
import type { MatchVerdict } from './face-engine'

type Analysed = Pick<FaceAnalysis, 'embedding' | 'face'>

export function matchVerdict(
  a: Analysed,
  b: Analysed,
  o: { threshold: number; sameBytes: boolean },
): MatchVerdict {
  const missing: ('a' | 'b')[] = []
  if (a.embedding === null) missing.push('a')
  if (b.embedding === null) missing.push('b')
  const similarity =
    a.embedding === null || b.embedding === null
      ? null
      : Math.round(cosine(a.embedding, b.embedding) * 10000) / 10000
  return {
    similarity,
    threshold: o.threshold,
    match: similarity !== null && similarity >= o.threshold,
    identical: similarity !== null && isIdentical(similarity, o.sameBytes),
    missing,
    faces: { a: a.face, b: b.face },
  }
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && Buffer.compare(a, b) === 0
}
