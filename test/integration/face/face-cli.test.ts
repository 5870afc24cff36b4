/** `kiosk face …` as an operator runs it: the built CLI, real files, exit codes, one-line errors. */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { kiosk, kioskJson } from '../../support/cli'
import { sharedData } from '../../support/shared-data'
import { tempDir } from '../../support/temp'
import { MODELS_DIR } from './engine-support'

const dataDir = tempDir()
const obama1 = sharedData('faces', 'fr_obama', 'fr_obama_1.jpg')
const obama2 = sharedData('faces', 'fr_obama', 'fr_obama_2.jpg')
const biden = sharedData('faces', 'fr_biden', 'fr_biden_1.jpg')

interface Face {
  box: { x: number; y: number; width: number; height: number }
  score: number
  landmarks: { x: number; y: number }[]
}

describe('kiosk face detect', () => {
  it('prints faces: [{box, score, landmarks}] as JSON', () => {
    const r = kioskJson<{ image: { width: number; height: number }; faces: Face[] }>(
      ['face', 'detect', obama1],
      { dataDir },
    )
    expect(r.image).toEqual({ width: 910, height: 1137 })
    expect(r.faces).toHaveLength(1)
    const f = r.faces[0]
    expect(f?.score).toBeGreaterThan(0.9)
    expect(Object.keys(f?.box ?? {})).toEqual(['x', 'y', 'width', 'height'])
    expect(f?.landmarks).toHaveLength(5)
  })

  it('reads as a sentence without --json', () => {
    const r = kiosk(['face', 'detect', obama1], { dataDir })
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(
      /^1 face in fr_obama_1\.jpg \(910×1137\)\n {2}1\. box \d+,\d+ \d+×\d+, score 0\.\d\d, eyes at/,
    )
  })
})

describe('kiosk face match', () => {
  it('same person: similarity, threshold, match, and the operating point', () => {
    const r = kioskJson<Record<string, unknown>>(['face', 'match', obama1, obama2], { dataDir })
    expect(r).toMatchObject({ threshold: 0.45, match: true, identical: false })
    expect(r.similarity).toBeGreaterThan(0.45)
    expect(r.operatingPoint).toMatchObject({ targetFmr: 1e-5, empiricalFmr: 0, empiricalFnmr: 0 })
  })

  it('different people do not match', () => {
    const r = kioskJson<{ similarity: number; match: boolean }>(['face', 'match', obama1, biden], {
      dataDir,
    })
    expect(r.match).toBe(false)
    expect(r.similarity).toBeLessThan(0.45)
    const text = kiosk(['face', 'match', obama1, biden], { dataDir }).stdout
    expect(text).toMatch(/^Different people: similarity -?0\.\d{3} < threshold 0\.45/)
  })

  it('follows thresholds.faceMatch when staff change it', () => {
    const dir = tempDir()
    expect(kiosk(['settings', 'set', 'thresholds.faceMatch', '0.99'], { dataDir: dir }).code).toBe(
      0,
    )
    const r = kioskJson<Record<string, unknown>>(['face', 'match', obama1, obama2], {
      dataDir: dir,
    })
    expect(r).toMatchObject({ threshold: 0.99, match: false })
    expect(JSON.stringify(r.operatingPoint)).toMatch(/set by staff/)
  })
})

describe('kiosk face liveness', () => {
  it.each([
    ['sfas_image_T1.jpg', true],
    ['sfas_image_F1.jpg', false],
    ['sfas_image_F2.jpg', false],
  ])('%s: live %s, score = probability live', (file, live) => {
    const r = kioskJson<{ score: number; live: boolean }>(
      ['face', 'liveness', sharedData('liveness', file)],
      {
        dataDir,
      },
    )
    expect(r.live).toBe(live)
    expect(r.score >= 0.5).toBe(live)
  })
})

describe('kiosk face check', () => {
  it('explains a refused selfie in words the customer can act on', () => {
    const r = kiosk(
      ['face', 'check', sharedData('faces', 'fr_kit_harington', 'fr_kit_harington_1.jpg')],
      {
        dataDir,
      },
    )
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(
      /Quality {4}refused:\n {2}✗ Face too far away: move closer to the camera \(\d+(\.\d+)?, limit 60\)/,
    )
  })
})

describe('errors', () => {
  it('missing models: exit 1 and one line naming the file', () => {
    const models = tempDir('kiosk-models-')
    mkdirSync(models, { recursive: true })
    copyFileSync(join(MODELS_DIR, 'manifest.json'), join(models, 'manifest.json'))
    for (const cmd of [
      ['detect', obama1],
      ['match', obama1, obama2],
      ['liveness', obama1],
    ]) {
      const r = kiosk(['face', ...cmd], { dataDir, env: { KIOSK_MODELS_DIR: models } })
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(
        /^kiosk: model "yunet_dynamic": face_detection_yunet_2023mar_dynamic\.onnx is not in .*; run `npm run models`\n$/,
      )
    }
  })

  it('a file that is not an image: exit 2, nothing else', () => {
    const dir = tempDir()
    const junk = join(dir, 'junk.jpg')
    writeFileSync(junk, 'hello')
    const r = kiosk(['face', 'detect', junk], { dataDir })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^kiosk: the image cannot be decoded/)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('a file that does not exist: exit 2', () => {
    const r = kiosk(['face', 'liveness', '/nonexistent.jpg'], { dataDir })
    expect(r.code).toBe(2)
    expect(r.stderr).toBe('kiosk: cannot read /nonexistent.jpg (no such file)\n')
  })

  it('an unknown provider in the environment is refused by name', () => {
    const r = kiosk(['face', 'detect', obama1], {
      dataDir,
      env: { KIOSK_INFERENCE_PROVIDER: 'tpu' },
    })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(
      /KIOSK_INFERENCE_PROVIDER=tpu is not one of auto, cpu, cuda, dml, coreml/,
    )
  })
})
