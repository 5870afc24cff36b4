import { copyFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startKiosk } from '../../support/cli'
import { tempDir } from '../../support/temp'
import { rendererAssetFile, rendererAssets } from '../../../electron/core/ui/renderer-assets'
import { modelsDir } from '../../../electron/core/paths'

describe('face-tracking assets served to the page (kiosk serve)', () => {
  let server: Awaited<ReturnType<typeof startKiosk<{ url: string; port: number }>>>
  beforeAll(async () => {
    server = await startKiosk<{ url: string; port: number }>(['serve', '--port', '0'], {
      dataDir: tempDir(),
    })
  })
  afterAll(() => server?.stop())
  const get = (path: string) => fetch(`http://127.0.0.1:${server.info.port}${path}`)

  it('serves MediaPipe’s wasm and the hash-checked face_landmarker model', async () => {
    const wasm = await get('/mediapipe/wasm/vision_wasm_internal.wasm')
    expect(wasm.status).toBe(200)
    expect(wasm.headers.get('content-type')).toBe('application/wasm')
    expect(wasm.headers.get('content-security-policy')).toContain(
      "script-src 'self' 'wasm-unsafe-eval'",
    )
    const model = await get('/mediapipe/models/face_landmarker.task')
    expect(model.status).toBe(200)
    expect((await model.arrayBuffer()).byteLength).toBe(3758596)
  })

  it('serves nothing else from models/ and nothing outside the wasm folder', async () => {
    for (const path of [
      '/mediapipe/models/MiniFASNetV2.onnx',
      '/mediapipe/models/manifest.json',
      '/mediapipe/wasm/../package.json',
      '/mediapipe/wasm/%2e%2e/package.json',
      '/models/face_landmarker.task',
    ]) {
      const r = await get(path)
      expect(r.status, path).toBe(404)
    }
  })
})

describe('rendererAssetFile (the Electron app:// handler’s lookup)', () => {
  const assets = rendererAssets(modelsDir())
  it.each([
    ['/mediapipe/models/face_landmarker.task', true],
    ['/mediapipe/wasm/vision_wasm_internal.js', true],
    ['/mediapipe/models/mobilefacenet_foamliu.onnx', false],
    ['/mediapipe/wasm/../package.json', false],
    ['/mediapipe/wasm/sub/x.js', false],
    ['/mediapipe/wasm/.hidden', false],
    ['/index.html', false],
  ])('%s → served: %s', (path, served) => {
    expect(rendererAssetFile(assets, path) !== undefined).toBe(served)
  })
  it('leaves out a model whose bytes are wrong, and says why', () => {
    const dir = tempDir()
    copyFileSync(join(modelsDir(), 'manifest.json'), join(dir, 'manifest.json'))
    writeFileSync(join(dir, 'face_landmarker.task'), 'not the model')
    const bad = rendererAssets(dir)
    expect(bad.files).toEqual({})
    expect(bad.problems).toEqual([
      expect.stringMatching(/^face_landmarker\.task has sha256 .* expected 64184e229b26/),
    ])
  })
  it('without a manifest nothing is served, and it says why', () => {
    const none = rendererAssets(tempDir())
    expect(none.files).toEqual({})
    expect(none.problems[0]).toMatch(/no model manifest/)
  })
})
