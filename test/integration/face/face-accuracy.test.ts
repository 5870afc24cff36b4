/**
 * The "done when" on the shared data, through the real inference process: every face
 * detected, the calibrated threshold separates same/different people, spoofs rejected.
 */
import { readFileSync } from 'node:fs'
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { assessLiveness } from '../../../electron/shared/face/liveness.policy'
import { FACE_MATCH_CALIBRATION } from '../../../electron/shared/face/match.policy'
import { assessQuality } from '../../../electron/shared/face/quality.policy'
import type { FaceAnalysis } from '../../../electron/shared/face/face.types'
import { faceSamples, readShared, sharedData } from '../../support/shared-data'
import { testEngine } from './engine-support'

const engine = testEngine()
const samples = faceSamples()
const analyses = new Map<string, FaceAnalysis>()

beforeAll(async () => {
  for (const s of samples) {
    analyses.set(s.file, await engine.analyse(readFileSync(s.file), { liveness: false }))
  }
}, 120_000)

describe('detection on the shared faces', () => {
  it('finds exactly one prominent face in each of the 36 photos', () => {
    expect(samples.length).toBe(36)
    for (const s of samples) {
      const a = analyses.get(s.file)
      expect(a?.face, s.file).not.toBeNull()
      expect(a?.metrics?.prominentFaces, s.file).toBe(1)
      expect(a?.face?.landmarks, s.file).toHaveLength(5)
      // Landmarks sit inside the box, eyes above the mouth.
      const f = a?.face
      if (!f) continue
      const [re, le, , rm] = f.landmarks
      expect(re && le && rm && re.y < rm.y && le.y < rm.y, s.file).toBe(true)
      expect(re && re.x > f.box.x && re.x < f.box.x + f.box.width, s.file).toBe(true)
    }
  })

  it('reports boxes in the original image pixels', async () => {
    const file = sharedData('faces', 'df_A', 'df_A_img4.jpg') // 2500×1728
    const r = await engine.detect(readFileSync(file))
    expect(r.image).toEqual({ width: 2500, height: 1728 })
    expect(r.faces[0]?.box.width).toBeGreaterThan(400)
  })
})

describe('1:1 match over every pair of the shared faces', () => {
  it('the calibrated threshold gives no false match and at most 5% false non-matches', () => {
    const t = FACE_MATCH_CALIBRATION.threshold
    let genuine = 0
    let falseNonMatch = 0
    let impostor = 0
    let falseMatch = 0
    for (let i = 0; i < samples.length; i++) {
      for (let j = i + 1; j < samples.length; j++) {
        const a = samples[i]
        const b = samples[j]
        const ea = a && analyses.get(a.file)?.embedding
        const eb = b && analyses.get(b.file)?.embedding
        if (!a || !b || !ea || !eb) throw new Error('missing embedding')
        const s = engine.similarity(ea, eb)
        if (a.identity === b.identity) {
          genuine++
          if (s < t) falseNonMatch++
        } else {
          impostor++
          if (s >= t) falseMatch++
        }
      }
    }
    expect([genuine, impostor]).toEqual([45, 585])
    expect(falseMatch).toBe(0)
    expect(falseNonMatch / genuine).toBeLessThanOrEqual(0.05)
  })

  it('match() answers same person, different person and copy of the same photo', async () => {
    const obama1 = readShared('faces', 'fr_obama', 'fr_obama_1.jpg')
    const same = await engine.match(obama1, readShared('faces', 'fr_obama', 'fr_obama_2.jpg'))
    expect(same).toMatchObject({ match: true, identical: false, threshold: 0.45, missing: [] })
    const other = await engine.match(obama1, readShared('faces', 'fr_biden', 'fr_biden_1.jpg'))
    expect(other.match).toBe(false)
    expect(other.similarity).toBeLessThan(0.45)
    const copy = await sharp(obama1)
      .rotate()
      .resize({ width: 500 })
      .jpeg({ quality: 70 })
      .toBuffer()
    const identical = await engine.match(obama1, copy)
    expect(identical).toMatchObject({ match: true, identical: true })
  })

  it('says which image has no face instead of inventing a score', async () => {
    const blank = await sharp({
      create: { width: 640, height: 480, channels: 3, background: '#808080' },
    })
      .jpeg()
      .toBuffer()
    const r = await engine.match(readShared('faces', 'fr_obama', 'fr_obama_1.jpg'), blank)
    expect(r).toMatchObject({ similarity: null, match: false, missing: ['b'] })
  })
})

describe('passive liveness on the shared samples', () => {
  const labels = JSON.parse(readShared('liveness', 'labels.json').toString()) as Record<
    string,
    { label: 'real' | 'spoof' }
  >
  it.each(Object.entries(labels))('%s is judged %s', async (file, { label }) => {
    const r = await engine.liveness(readShared('liveness', file))
    expect(r.score).not.toBeNull()
    expect(r.live).toBe(label === 'real')
    const a = await engine.analyse(readShared('liveness', file))
    const verdict = assessLiveness(a.liveness, 0.5)
    expect(verdict.decision).toBe(label === 'real' ? 'PASSED' : 'REJECTED')
    if (label === 'spoof') expect(verdict.warnings[0]?.code).toBe('RECAPTURED_FACE')
    // The live sample is a real kiosk-like capture: it passes the quality gate too.
    if (label === 'real') expect(assessQuality(a.metrics).passed).toBe(true)
  })
})
