import { describe, expect, it } from 'vitest'
import {
  assessDuplicates,
  assessMatch,
  cosine,
  FACE_MATCH_CALIBRATION,
  IDENTICAL_SIMILARITY,
  isIdentical,
  matchScorePercent,
  type MatchAgainst,
} from '../../../electron/shared/face/match.policy'
import { defaultSettings } from '../../../electron/shared/domain/settings.schema'

describe('1:1 match decision', () => {
  it.each<[string, number | null, MatchAgainst, string, string, string[]]>([
    ['document matches', 0.7, 'document', 'PASSED', 'OK', []],
    ['at the threshold matches', 0.45, 'template', 'PASSED', 'OK', []],
    [
      'document of someone else: the backend decides',
      0.2,
      'document',
      'WARNING',
      'DIFFERENT_PERSON',
      ['FACE_MISMATCH'],
    ],
    [
      'enrolled template of someone else: refused',
      0.2,
      'template',
      'REJECTED',
      'FAILED',
      ['FACE_MISMATCH'],
    ],
    ['a copy of the document photo', 0.97, 'document', 'REJECTED', 'FAILED', ['FACE_IDENTICAL']],
    [
      'no face on the document',
      null,
      'document',
      'NOT_EXECUTED',
      'PRECONDITION_NOT_FULFILLED',
      ['DOCUMENT_FACE_NOT_FOUND'],
    ],
  ])('%s', (_n, similarity, against, decision, label, codes) => {
    const r = assessMatch({
      similarity,
      threshold: 0.45,
      against,
      ...(similarity === null ? { missing: 'reference' as const } : {}),
    })
    expect([r.decision, r.label]).toEqual([decision, label])
    expect(r.warnings.map((w) => w.code)).toEqual(codes)
  })

  it('FACE_MISMATCH carries the similarity score, as the seed text does', () => {
    const r = assessMatch({ similarity: 0.123, threshold: 0.45, against: 'document' })
    expect(r.warnings[0]?.description).toBe(
      'Face mismatch between document photo and selfie photo, similarity score: 0.12.',
    )
    expect(r.warnings[0]?.confidence).toBe(0.877)
    const t = assessMatch({ similarity: 0.3, threshold: 0.45, against: 'template' })
    expect(t.warnings[0]?.description).toMatch(
      /enrolled template and selfie photo, similarity score: 0\.30\./,
    )
  })

  it('identical is a copy: same bytes, or a similarity no two photos of one person reach', () => {
    expect(isIdentical(0.5, true)).toBe(true)
    expect(isIdentical(IDENTICAL_SIMILARITY)).toBe(true)
    expect(isIdentical(0.88)).toBe(false)
  })

  it('the settings default is the calibrated threshold', () => {
    expect(defaultSettings()['thresholds.faceMatch']).toBe(FACE_MATCH_CALIBRATION.threshold)
  })
})

describe('1:N duplicate search', () => {
  const c = (userId: string, jobId: string, similarity: number) => ({ userId, jobId, similarity })
  it.each<[string, ReturnType<typeof c>[], string, string[]]>([
    ['nobody enrolled yet', [], 'PASSED', []],
    ['only strangers', [c('bob', 'j1', 0.1), c('eve', 'j2', 0.3)], 'PASSED', []],
    ['the same user re-enrolling is no duplicate', [c('alice', 'j0', 0.9)], 'PASSED', []],
    [
      'another user with this face',
      [c('bob', 'j1', 0.2), c('mallory', 'j9', 0.71)],
      'WARNING',
      ['j9'],
    ],
  ])('%s', (_n, candidates, decision, findings) => {
    const r = assessDuplicates('alice', candidates, 0.45)
    expect(r.decision).toBe(decision)
    expect(r.faceSearchFindings).toEqual({ status: 'DONE', findings })
    expect(r.searched).toBe(candidates.length)
    if (decision === 'WARNING') {
      expect(r.label).toBe('REPEATED_FACE')
      expect(r.reason).toMatch(/already enrolled on this kiosk as user mallory/)
      expect(r.warnings[0]?.code).toBe('REPEATED_FACE')
    }
  })

  it('lists the best match first', () => {
    const r = assessDuplicates('a', [c('b', 'j1', 0.5), c('c', 'j2', 0.8)], 0.45)
    expect(r.matches.map((m) => m.jobId)).toEqual(['j2', 'j1'])
  })
})

describe('scores', () => {
  it('cosine', () => {
    expect(cosine([1, 0], [1, 0])).toBe(1)
    expect(cosine([1, 0], [0, 2])).toBe(0)
    expect(cosine([1, 1], [-1, -1])).toBeCloseTo(-1)
    expect(cosine([0, 0], [1, 0])).toBe(0)
    expect(() => cosine([1], [1, 2])).toThrow(/differ in length/)
  })
  it.each([
    [0.7391, 73.91],
    [-0.2, 0],
    [1.2, 100],
  ])('MatchSelfie percentage of %s is %s', (s, pct) => expect(matchScorePercent(s)).toBe(pct))
})
