/**
 * Files for Chromium's fake camera (`--use-file-for-fake-video-capture`), made at test time from
 * the shared faces and never committed. An .mjpeg file is JPEG frames back to back; Chromium plays
 * it at 30 fps in a loop. Kinds:
 * - still:    one photo of a face, repeated: what a printed photo or a phone held up looks like.
 * - no_face:  an empty scene (a wall): nobody in front of the camera.
 * - liveness: the same face turning left, right, looking up, blinking and smiling in turn
 *             (fake-camera.page.mjs warps the face mesh), one loop every ~7.5 s, so whichever
 *             challenge the kiosk asks for comes round within its timeout.
 * Results are cached in the OS temp folder by content hash (generation takes ~15 s).
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import type { Page } from 'playwright-core'
import { REPO } from './cli'
import { launchChromium } from './browser'
import { sharedData } from './shared-data'

export const FPS = 30
const PAGE_SCRIPT = join(REPO, 'test', 'support', 'fake-camera.page.mjs')
const MP = join(REPO, 'node_modules', '@mediapipe', 'tasks-vision')
const MODEL = join(REPO, 'models', 'face_landmarker.task')
/** A neutral, frontal face from the shared set (eyes open, not smiling). */
export const DEFAULT_FACE = ['faces', 'fr_rose_leslie', 'fr_rose_leslie_1.jpg']

export interface Pose {
  yaw?: number
  pitch?: number
  blink?: boolean
  smile?: number
}

/**
 * Head turns are rendered past the kiosk's 27°/17° because MediaPipe reads the warp as less. Each
 * move is held ~0.45 s and the blink lasts ~330 ms (a real blink is 100–400 ms) so that a loaded
 * machine tracking at 15 fps still sees them; one loop is ~7.5 s, under the 10 s challenge timeout.
 */
export function livenessScript(): Pose[] {
  const frames: Pose[] = []
  const hold = (ms: number, p: Pose = {}) => {
    for (let i = 0; i < Math.round((ms / 1000) * FPS); i++) frames.push({ ...p })
  }
  const move = (key: 'yaw' | 'pitch' | 'smile', to: number) => {
    const n = Math.round(0.25 * FPS)
    for (let i = 1; i <= n; i++) frames.push({ [key]: (to * i) / n })
    hold(450, { [key]: to })
    for (let i = n - 1; i >= 0; i--) frames.push({ [key]: (to * i) / n })
  }
  hold(1500)
  move('yaw', -55) // nose to the image's left: the person's RIGHT
  hold(350)
  move('yaw', 55) // the person's left
  hold(350)
  move('pitch', -35) // chin up
  hold(350)
  hold(330, { blink: true })
  hold(350)
  move('smile', 1)
  hold(350)
  return frames
}

async function withGenerator<T>(fn: (page: Page) => Promise<T>): Promise<T> {
  for (const f of [MODEL, PAGE_SCRIPT]) {
    if (!existsSync(f)) throw new Error(`${f} is missing (run \`npm run models\` for the model)`)
  }
  const browser = await launchChromium()
  try {
    const page = await browser.newPage()
    const files: Record<string, [string, string]> = {
      '/vision_bundle.mjs': [join(MP, 'vision_bundle.mjs'), 'text/javascript'],
      '/wasm/vision_wasm_internal.js': [
        join(MP, 'wasm', 'vision_wasm_internal.js'),
        'text/javascript',
      ],
      '/wasm/vision_wasm_internal.wasm': [
        join(MP, 'wasm', 'vision_wasm_internal.wasm'),
        'application/wasm',
      ],
      '/face_landmarker.task': [MODEL, 'application/octet-stream'],
      '/page.mjs': [PAGE_SCRIPT, 'text/javascript'],
    }
    await page.route('http://fake-camera.test/**', async (route) => {
      const path = new URL(route.request().url()).pathname
      if (path === '/') {
        return route.fulfill({
          body: '<!doctype html><title>gen</title>',
          contentType: 'text/html',
        })
      }
      if (path.startsWith('/shared/')) {
        return route.fulfill({
          body: readFileSync(sharedData(...path.slice(8).split('/'))),
          contentType: 'image/jpeg',
        })
      }
      const f = files[path]
      return f
        ? route.fulfill({ body: readFileSync(f[0]), contentType: f[1] })
        : route.fulfill({ status: 404 })
    })
    await page.goto('http://fake-camera.test/')
    await page.evaluate(`import('/page.mjs').then((m) => m.init())`)
    return await fn(page)
  } finally {
    await browser.close()
  }
}

async function render(face: string[], poses: Pose[]): Promise<Buffer[]> {
  return withGenerator(async (page) => {
    const url = '/shared/' + face.join('/')
    const out: Buffer[] = []
    for (let i = 0; i < poses.length; i += 30) {
      const batch = poses.slice(i, i + 30)
      const b64 = await page.evaluate<string[]>(
        `(async () => {
          const m = await import('/page.mjs')
          window.__face ??= await m.loadFace(${JSON.stringify(url)})
          const out = []
          for (const p of ${JSON.stringify(batch)}) out.push(await m.jpegBase64(m.render(window.__face, p)))
          return out
        })()`,
      )
      out.push(...b64.map((s) => Buffer.from(s, 'base64')))
    }
    return out
  })
}

async function emptyScene(): Promise<Buffer> {
  // A plain wall with a soft gradient and some texture: a camera pointed at nobody.
  const noise = Buffer.alloc(640 * 480 * 3)
  for (let i = 0; i < noise.length; i += 3) {
    const y = Math.floor(i / 3 / 640)
    const v = 150 + Math.round((y / 480) * 40) + ((i * 7919) % 9)
    noise[i] = v
    noise[i + 1] = v - 8
    noise[i + 2] = v - 20
  }
  return sharp(noise, { raw: { width: 640, height: 480, channels: 3 } })
    .jpeg({ quality: 85 })
    .toBuffer()
}

export type FakeCameraKind = 'still' | 'no_face' | 'liveness'

/** Path of an .mjpeg for Chromium's fake camera, generated (or found in the cache). */
export async function fakeCamera(
  kind: FakeCameraKind,
  face: string[] = DEFAULT_FACE,
): Promise<string> {
  const dir = join(tmpdir(), 'kiosk-fake-camera')
  mkdirSync(dir, { recursive: true })
  const key = createHash('sha256')
    .update(kind)
    .update(readFileSync(PAGE_SCRIPT))
    .update(readFileSync(import.meta.filename))
    .update(kind === 'no_face' ? '' : readFileSync(sharedData(...face)))
    .digest('hex')
    .slice(0, 16)
  const file = join(dir, `${kind}-${key}.mjpeg`)
  if (existsSync(file)) return file
  let frames: Buffer[]
  if (kind === 'no_face') frames = Array<Buffer>(FPS).fill(await emptyScene())
  else if (kind === 'still') {
    frames = Array<Buffer>(FPS).fill((await render(face, [{}]))[0] ?? Buffer.alloc(0))
  } else frames = await render(face, livenessScript())
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, Buffer.concat(frames))
  renameSync(tmp, file)
  return file
}

/** The first frame of a fake-camera file, to look at (tests save it beside the screenshots). */
export function firstFrame(file: string): Buffer {
  const all = readFileSync(file)
  const end = all.indexOf(Buffer.from([0xff, 0xd9]))
  return all.subarray(0, end + 2)
}
