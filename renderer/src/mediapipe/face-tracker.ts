/**
 * Live face tracking in the page with MediaPipe FaceLandmarker (VIDEO mode): 478 landmarks,
 * blendshapes and the head-pose matrix for up to two faces per frame (two, so a second person is
 * noticed). Wasm comes from the npm package and the model from models/, both served by the shell
 * (electron/core/ui/renderer-assets.ts). GPU delegate when a real GPU backs WebGL, CPU otherwise.
 */
import { FaceLandmarker, FilesetResolver } from '@mediapipe/tasks-vision'
import { observeFaces } from '../../../electron/shared/liveness/mediapipe-observation'
import type { FrameObservation } from '../../../electron/shared/liveness/observation'
import { createLumaSampler } from './luma'
import { errorText } from '../../../electron/shared/contract/result'

export const WASM_URL = '/mediapipe/wasm'
export const LANDMARKER_URL = '/mediapipe/models/face_landmarker.task'

export type Delegate = 'GPU' | 'CPU'

export interface FaceTracker {
  delegate: Delegate
  loadMs: number
  /** Observes the current video frame; `t` must increase from call to call. */
  observe(video: HTMLVideoElement, t: number): FrameObservation
  close(): void
}

/** Thrown with a message staff can act on when the model or wasm cannot be loaded. */
export class TrackerUnavailable extends Error {}

/** True when WebGL is backed by a real GPU, not a software rasteriser (SwiftShader, llvmpipe). */
export function hardwareGpu(): boolean {
  try {
    const gl = document.createElement('canvas').getContext('webgl2')
    if (gl === null) return false
    const ext = gl.getExtension('WEBGL_debug_renderer_info')
    const renderer = String(
      ext === null ? gl.getParameter(gl.RENDERER) : gl.getParameter(ext.UNMASKED_RENDERER_WEBGL),
    )
    return !/swiftshader|llvmpipe|software|softpipe/i.test(renderer)
  } catch {
    return false
  }
}

async function create(delegate: Delegate): Promise<FaceLandmarker> {
  const fileset = await FilesetResolver.forVisionTasks(WASM_URL)
  return FaceLandmarker.createFromOptions(fileset, {
    baseOptions: { modelAssetPath: LANDMARKER_URL, delegate },
    runningMode: 'VIDEO',
    numFaces: 2,
    outputFaceBlendshapes: true,
    outputFacialTransformationMatrixes: true,
  })
}

export async function createFaceTracker(prefer: Delegate | 'auto' = 'auto'): Promise<FaceTracker> {
  const started = performance.now()
  const model = await fetch(LANDMARKER_URL, { method: 'HEAD' }).catch(() => undefined)
  if (model === undefined || !model.ok) {
    throw new TrackerUnavailable(
      'the face-tracking model is not installed (face_landmarker.task); run `npm run models`',
    )
  }
  let delegate: Delegate = prefer === 'auto' ? (hardwareGpu() ? 'GPU' : 'CPU') : prefer
  let landmarker: FaceLandmarker
  try {
    landmarker = await create(delegate)
  } catch (err) {
    if (delegate === 'CPU') throw asUnavailable(err)
    delegate = 'CPU' // the GPU delegate failed to start: the CPU one always can
    landmarker = await create(delegate).catch((e: unknown) => {
      throw asUnavailable(e)
    })
  }
  const luma = createLumaSampler()
  // Light changes slowly: measuring it on every 4th frame saves a frame read-back on the rest.
  let brightness = 128
  let n = 0
  return {
    delegate,
    loadMs: Math.round(performance.now() - started),
    observe(video, t) {
      const width = video.videoWidth
      const height = video.videoHeight
      const result = landmarker.detectForVideo(video, t)
      const faces = observeFaces(result, width, height)
      if (n++ % 4 === 0) brightness = luma(video, faces[0]?.box)
      return { t, faces, brightness }
    },
    close: () => landmarker.close(),
  }
}

function asUnavailable(err: unknown): TrackerUnavailable {
  const why = errorText(err)
  return new TrackerUnavailable(`face tracking could not start: ${why}`)
}
