import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { kiosk, kioskJson, REPO } from '../../support/cli'
import { tempDir } from '../../support/temp'

interface Doctor {
  ready: boolean
  dataDir: string
  database: { ok: boolean; schemaVersion: number }
  models: { id: string; status: string; message?: string }[]
  executionProviders: { available: string[] }
  versions: Record<string, string>
}

describe('kiosk doctor', () => {
  it('reports versions, store health, verified models and execution providers', () => {
    const dataDir = tempDir()
    const d = kioskJson<Doctor>(['doctor', '--no-probe'], { dataDir })
    expect(d.dataDir).toBe(dataDir)
    expect(d.database.ok).toBe(true)
    expect(d.database.schemaVersion).toBeGreaterThanOrEqual(1)
    expect(d.versions).toHaveProperty('sqlite')
    expect(d.versions).toHaveProperty('onnxruntime-node')
    expect(d.executionProviders.available).toContain('cpu')
    expect(d.models.find((m) => m.id === 'yunet_dynamic')).toMatchObject({
      status: 'ok',
      optional: false,
    })
    expect(d.models.find((m) => m.id === 'ultraface')).toMatchObject({ optional: true })
    expect(d.ready).toBe(true)
    const human = kiosk(['doctor', '--no-probe'], { dataDir })
    expect(human.stdout).toMatch(/Audit log {2}✓ \d+ entries, chain verified/)
    expect(human.stdout).toMatch(/set-up mode: no staff account yet/)
    expect(human.stdout.trim().split('\n').at(-1)).toBe('Ready.')
  })

  it('names a missing or corrupted model file and exits non-zero', () => {
    const dataDir = tempDir()
    const models = tempDir()
    copyFileSync(join(REPO, 'models', 'manifest.json'), join(models, 'manifest.json'))
    mkdirSync(models, { recursive: true })
    writeFileSync(join(models, 'mobilefacenet_foamliu.onnx'), 'not the weights')
    const r = kiosk(['doctor', '--no-probe', '--json'], {
      dataDir,
      env: { KIOSK_MODELS_DIR: models },
    })
    expect(r.code).toBe(1)
    const d = JSON.parse(r.stdout) as Doctor & { problems: string[] }
    expect(d.ready).toBe(false)
    expect(d.models.find((m) => m.id === 'yunet_dynamic')?.message).toMatch(
      /face_detection_yunet_2023mar_dynamic\.onnx is not in/,
    )
    expect(d.models.find((m) => m.id === 'mobilefacenet')?.status).toBe('hash_mismatch')
    const human = kiosk(['doctor', '--no-probe'], { dataDir, env: { KIOSK_MODELS_DIR: models } })
    expect(human.stdout).toMatch(/Not ready:/)
    expect(human.stdout).toMatch(/✗ model mobilefacenet: mobilefacenet_foamliu\.onnx has sha256/)
  })
})
