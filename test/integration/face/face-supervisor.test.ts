/**
 * The inference process under supervision: crash and restart, timeouts, crash loops, orphans,
 * missing or damaged models. Real processes, real signals.
 */
import { spawn } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { forkInference } from '../../../electron/core/face/inference-child'
import { REPO } from '../../support/cli'
import { readShared } from '../../support/shared-data'
import { tempDir } from '../../support/temp'
import { MODELS_DIR, testEngine } from './engine-support'

const face = readShared('faces', 'df_A', 'df_A_img1.jpg')

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p
  } catch (err) {
    return err
  }
  throw new Error('expected the call to fail')
}

function expectFailure(err: unknown, code: string, message: RegExp): void {
  expect(err).toMatchObject({ code })
  expect((err as Error).message).toMatch(message)
}

/** Gone, or a zombie nobody reaped yet: either way it holds no models. */
function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return true
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : ''
  return stat === '' || stat.split(') ')[1]?.startsWith('Z') === true
}

async function waitGone(pid: number, ms = 5000): Promise<boolean> {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (processGone(pid)) return true
    await new Promise((r) => setTimeout(r, 50))
  }
  return processGone(pid)
}

describe('crash and restart', () => {
  const engine = testEngine()

  it('fails the in-flight call cleanly when the process dies, and restarts for the next call', async () => {
    const first = await engine.info()
    const big = await sharp(face).resize(4000).jpeg().toBuffer()
    const inFlight = engine.analyse(big)
    process.kill(first.pid, 'SIGKILL')
    expectFailure(
      await failure(inFlight),
      'unavailable',
      /face engine stopped \(SIGKILL\).*nothing was decided/,
    )
    expect(await waitGone(first.pid)).toBe(true)
    const r = await engine.detect(face)
    expect(r.faces).toHaveLength(1)
    const second = await engine.info()
    expect(second.pid).not.toBe(first.pid)
    expect(second.provider).toBe('cpu')
  })

  it('stops restarting after 3 crashes in a minute, with a clear reason', async () => {
    const fragile = testEngine()
    for (let i = 0; i < 3; i++) {
      const { pid } = await fragile.info()
      const call = fragile.detect(face)
      process.kill(pid, 'SIGKILL')
      await expect(call).rejects.toMatchObject({ code: 'unavailable' })
    }
    expectFailure(
      await failure(fragile.detect(face)),
      'unavailable',
      /stopped 3 times in the last minute/,
    )
  })
})

describe('timeouts', () => {
  it('a call that never answers fails after the per-call timeout and the process is killed', async () => {
    const entry = join(import.meta.dirname, 'fixtures', 'silent-inference.mjs')
    const engine = testEngine({ spawn: forkInference(entry), callTimeoutMs: 400 })
    const { pid } = await engine.info()
    const started = Date.now()
    expectFailure(await failure(engine.detect(face)), 'unavailable', /did not answer within/)
    expect(Date.now() - started).toBeLessThan(3000)
    expect(await waitGone(pid)).toBe(true)
  })
})

describe('no orphans', () => {
  it('the inference process exits when its parent is SIGKILLed', async () => {
    const parent = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'hold-engine.ts')],
      {
        cwd: REPO,
        env: { ...process.env },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    const childPid = await new Promise<number>((resolve, reject) => {
      let out = ''
      parent.stdout.on('data', (d: Buffer) => {
        out += d.toString()
        if (out.includes('\n')) resolve(Number(out.trim()))
      })
      parent.once('exit', (code) => reject(new Error(`parent exited ${code}`)))
    })
    expect(processGone(childPid)).toBe(false)
    parent.kill('SIGKILL')
    expect(await waitGone(childPid)).toBe(true)
  })
})

describe('models missing or damaged', () => {
  const dir = tempDir('kiosk-models-')

  it('names the missing file before starting anything', async () => {
    const empty = join(dir, 'empty')
    mkdirSync(empty)
    copyFileSync(join(MODELS_DIR, 'manifest.json'), join(empty, 'manifest.json'))
    const engine = testEngine({ modelsDir: empty })
    expectFailure(
      await failure(engine.detect(face)),
      'models_missing',
      /face_detection_yunet_2023mar_dynamic\.onnx is not in .*npm run models/,
    )
    expect(engine.running()).toBe(false)
  })

  it('names a file whose bytes are not the manifest’s (checked in the inference process)', async () => {
    const bad = join(dir, 'bad')
    mkdirSync(bad)
    const manifest = JSON.parse(readFileSync(join(MODELS_DIR, 'manifest.json'), 'utf8')) as {
      models: { file: string }[]
    }
    copyFileSync(join(MODELS_DIR, 'manifest.json'), join(bad, 'manifest.json'))
    for (const m of manifest.models) {
      if (existsSync(join(MODELS_DIR, m.file))) {
        copyFileSync(join(MODELS_DIR, m.file), join(bad, m.file))
      }
    }
    const damaged = readFileSync(join(bad, 'MiniFASNetV2.onnx'))
    damaged[1000] = (damaged[1000] ?? 0) ^ 0xff
    writeFileSync(join(bad, 'MiniFASNetV2.onnx'), damaged)
    const engine = testEngine({ modelsDir: bad })
    expectFailure(
      await failure(engine.detect(face)),
      'models_missing',
      /MiniFASNetV2\.onnx has sha256 .*expected 4eed38f0bde3/,
    )
    expect(engine.running()).toBe(false)
  })
})
