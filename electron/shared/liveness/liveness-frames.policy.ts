/**
 * Which camera frames go into the job as liveness images: 6–8 of them, at least 250 ms apart
 * (Smile ID's SDK sends 8 frames ≥ 250 ms apart, anchors-features.md §B), always including the
 * frame where each challenge was passed, spread over the session otherwise. Pure.
 */

export type FrameTag = 'peak' | 'neutral' | 'interval'

export interface FrameCandidate {
  t: number
  tag: FrameTag
}

export interface FrameSelection {
  min: number
  max: number
  minGapMs: number
}

export const LIVENESS_FRAMES: FrameSelection = { min: 6, max: 8, minGapMs: 250 }

const RANK: Record<FrameTag, number> = { peak: 0, neutral: 1, interval: 2 }

/**
 * Indices into `candidates` of the frames to keep, in time order; null when fewer than `min`
 * frames can be kept at the required spacing (capture more before saving).
 */
export function selectLivenessFrames(
  candidates: readonly FrameCandidate[],
  sel: FrameSelection = LIVENESS_FRAMES,
): number[] | null {
  const kept: number[] = []
  const farEnough = (i: number) => {
    const t = candidates[i]?.t ?? 0
    return kept.every((k) => Math.abs((candidates[k]?.t ?? 0) - t) >= sel.minGapMs)
  }
  // Peaks first (proof of each action), then one neutral, in time order within a rank.
  const byRank = candidates
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.tag !== 'interval')
    .sort((a, b) => RANK[a.c.tag] - RANK[b.c.tag] || a.c.t - b.c.t)
  for (const { i } of byRank) {
    if (kept.length < sel.max && farEnough(i)) kept.push(i)
  }
  // Then the interval frame farthest from everything kept, until full (farthest-point sampling
  // spreads them evenly over the session).
  for (;;) {
    if (kept.length >= sel.max) break
    let best = -1
    let bestGap = -1
    candidates.forEach((c, i) => {
      if (kept.includes(i)) return
      const gap =
        kept.length === 0
          ? Infinity
          : Math.min(...kept.map((k) => Math.abs((candidates[k]?.t ?? 0) - c.t)))
      if (gap >= sel.minGapMs && gap > bestGap) {
        best = i
        bestGap = gap
      }
    })
    if (best < 0) break
    kept.push(best)
  }
  if (kept.length < sel.min) return null
  return kept.sort((a, b) => (candidates[a]?.t ?? 0) - (candidates[b]?.t ?? 0))
}
