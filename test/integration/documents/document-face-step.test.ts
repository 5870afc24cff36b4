/**
 * The portrait step of the document checks over a counting stand-in engine: with a selfie the
 * front goes to the engine once (match finds the portrait too), without one it is only detected.
 */
import { describe, expect, it } from 'vitest'
import {
  createDocumentChecks,
  type DocumentFaceEngine,
} from '../../../electron/core/documents/document-checks.service'
import type { MatchVerdict } from '../../../electron/core/face/face-engine'
import type { DetectedFace } from '../../../electron/shared/face/face.types'
import { readShared } from '../../support/shared-data'

const front = readShared('mrz', 'pe_100_pass-hrv.jpg')
const selfie = readShared('faces', 'fr_obama', 'fr_obama_2.jpg')
const FACE: DetectedFace = {
  box: { x: 10, y: 10, width: 50, height: 60 },
  score: 0.9,
  landmarks: [],
}

function countingEngine(verdict: Partial<MatchVerdict>) {
  const calls: string[] = []
  const engine: DocumentFaceEngine = {
    detect: (image) => {
      calls.push(image === front ? 'detect front' : 'detect ?')
      return Promise.resolve({ image: { width: 1, height: 1 }, faces: [FACE] })
    },
    match: (a, b) => {
      calls.push(a === selfie && b === front ? 'match selfie front' : 'match ?')
      return Promise.resolve({
        similarity: 0.8,
        threshold: 0.45,
        match: true,
        identical: false,
        missing: [],
        faces: { a: FACE, b: FACE },
        ...verdict,
      })
    },
  }
  return { engine, calls }
}

const checks = (face: DocumentFaceEngine) =>
  createDocumentChecks({
    ocr: { recognize: () => Promise.resolve([]), close: () => Promise.resolve() },
    face,
    clock: () => new Date('2024-01-01T00:00:00Z'),
  })

describe('document checks: portrait step', () => {
  it('with a selfie, one match call finds the portrait and scores it', async () => {
    const { engine, calls } = countingEngine({})
    const r = await checks(engine).check({ front, selfie })
    expect(calls).toEqual(['match selfie front'])
    expect(r.face).toMatchObject({ status: 'done', portraitFound: true, matchScore: 0.8 })
    expect(r.steps.filter((s) => s.step === 'portrait' || s.step === 'face_match')).toEqual([
      { step: 'portrait', status: 'ok' },
      { step: 'face_match', status: 'ok' },
    ])
  })

  it('a front without a face: DOCUMENT_FACE_NOT_FOUND, and no match is reported', async () => {
    const { engine } = countingEngine({
      similarity: null,
      match: false,
      missing: ['b'],
      faces: { a: FACE, b: null },
    })
    const r = await checks(engine).check({ front, selfie })
    expect(r.face).toMatchObject({ status: 'done', portraitFound: false, matchScore: null })
    expect(r.warnings.map((w) => w.code)).toContain('DOCUMENT_FACE_NOT_FOUND')
    expect(r.steps).toContainEqual({
      step: 'face_match',
      status: 'not_run',
      reason: 'no portrait on the document',
    })
  })

  it('without a selfie, the front is only detected', async () => {
    const { engine, calls } = countingEngine({})
    const r = await checks(engine).check({ front })
    expect(calls).toEqual(['detect front'])
    expect(r.face).toMatchObject({ status: 'done', portraitFound: true, match: null })
  })
})
