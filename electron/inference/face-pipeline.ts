/**
 * The face pipeline on one image: decode → YuNet → 5-point alignment → MobileFaceNet, and
 * MiniFASNet V2 + V1SE on their crops. Tensor layouts, colour orders and crops follow
 * shared/models/MANIFEST.md exactly.
 */
import * as ort from 'onnxruntime-node'
import {
  ARCFACE_TEMPLATE,
  estimateSimilarity,
  headPose,
  invertAffine,
} from '../shared/face/face-geometry'
import type {
  DetectResult,
  DetectedFace,
  FaceAnalysis,
  FaceMetrics,
  LivenessScores,
} from '../shared/face/face.types'
import type { Sessions } from './model-sessions'
import {
  cropResize,
  cropToTensor,
  decodeRgb,
  RAW_BGR,
  resizeRgb,
  toPaddedTensor,
  warpAffine,
  type RgbImage,
  type TensorFormat,
  warmUpDecoder,
} from './raster'
import { decodeYunet, nms } from './yunet-decode'

export interface PipelineOptions {
  /**
   * Long side of the detector input. 640 finds faces down to ~20 px wide in a 1280 px frame, far
   * below what the quality gate accepts, at a third of the cost of the full frame.
   */
  detectMaxSide?: number
  /**
   * YuNet score threshold (MANIFEST suggests 0.6–0.9). Real faces in the shared set score ≥ 0.92;
   * the painted background of fr_biden_2 gives false faces at 0.62–0.69. 0.8 keeps both margins.
   */
  scoreThreshold?: number
  nmsIou?: number
}

/** MobileFaceNet was trained with ImageNet mean/std on RGB (foamliu data_gen.py). */
const EMBED_FORMAT: TensorFormat = {
  order: 'rgb',
  mean: [0.485 * 255, 0.456 * 255, 0.406 * 255],
  std: [0.229 * 255, 0.224 * 255, 0.225 * 255],
}
/** Crop scales minivision trained each model with (file names 2.7_80x80, 4_0_0_80x80). */
const V2_SCALE = 2.7
const V1SE_SCALE = 4.0
const FAS_SIZE = 80
const ALIGNED = 112

export type FacePipeline = ReturnType<typeof createFacePipeline>

export function createFacePipeline(sessions: Sessions, opts: PipelineOptions = {}) {
  const maxSide = opts.detectMaxSide ?? 640
  const threshold = opts.scoreThreshold ?? 0.8
  const nmsIou = opts.nmsIou ?? 0.3
  // Reused between calls of the same size: a 640×384 tensor is 3 MB of garbage otherwise.
  let detBuffer: Float32Array | undefined

  async function detectIn(img: RgbImage): Promise<DetectedFace[]> {
    const s = Math.min(1, maxSide / Math.max(img.width, img.height))
    const w = Math.max(1, Math.round(img.width * s))
    const h = Math.max(1, Math.round(img.height * s))
    // The dynamic model needs sides that are multiples of 32; pad right/bottom with zeros.
    const pw = Math.ceil(w / 32) * 32
    const ph = Math.ceil(h / 32) * 32
    const small = await resizeRgb(img, w, h)
    detBuffer = toPaddedTensor(small, pw, ph, RAW_BGR, detBuffer)
    const out = await sessions.detector.run({
      input: new ort.Tensor('float32', detBuffer, [1, 3, ph, pw]),
    })
    const sx = img.width / w
    const sy = img.height / h
    const faces = nms(decodeYunet(out, pw, ph, threshold), nmsIou).map((f) => ({
      score: f.score,
      box: { x: f.box.x * sx, y: f.box.y * sy, width: f.box.width * sx, height: f.box.height * sy },
      landmarks: f.landmarks.map((p) => ({ x: p.x * sx, y: p.y * sy })),
    }))
    return faces.sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height)
  }

  /** cv2.warpAffine of the face onto the ArcFace template, then MobileFaceNet, L2-normalised. */
  async function embed(
    img: RgbImage,
    face: DetectedFace,
  ): Promise<{ embedding: Float32Array; aligned: RgbImage }> {
    const toTemplate = estimateSimilarity(face.landmarks, ARCFACE_TEMPLATE)
    const aligned = warpAffine(img, invertAffine(toTemplate), ALIGNED, ALIGNED, 'zero')
    const out = await sessions.embedder.run({
      input0: new ort.Tensor('float32', cropToTensor(aligned, EMBED_FORMAT), [
        1,
        3,
        ALIGNED,
        ALIGNED,
      ]),
    })
    const raw = out.output0?.data as Float32Array | undefined
    if (raw === undefined) throw new Error('MobileFaceNet returned no output0')
    return { embedding: l2normalise(raw), aligned }
  }

  async function liveness(img: RgbImage, face: DetectedFace): Promise<LivenessScores> {
    const run = async (session: ort.InferenceSession, scale: number) => {
      const crop = cropResize(img, antiSpoofCrop(img, face, scale), FAS_SIZE, FAS_SIZE)
      const out = await session.run({
        input: new ort.Tensor('float32', cropToTensor(crop, RAW_BGR), [1, 3, FAS_SIZE, FAS_SIZE]),
      })
      const logits = out.output?.data as Float32Array | undefined
      if (logits === undefined) throw new Error('MiniFASNet returned no output')
      return softmax3(logits)
    }
    const v2 = await run(sessions.livenessV2, V2_SCALE)
    const v1se = await run(sessions.livenessV1se, V1SE_SCALE)
    // Upstream sums the two softmaxes and takes the argmax; the mean "real" share is the same
    // decision at 0.5 and reads as a probability.
    return { score: (v2[1] + v1se[1]) / 2, v2, v1se }
  }

  async function detect(bytes: Uint8Array): Promise<DetectResult> {
    const { img, scale } = await decodeRgb(bytes)
    const faces = await detectIn(img)
    return { image: originalSize(img, scale), faces: faces.map((f) => scaleFace(f, scale)) }
  }

  async function analyse(bytes: Uint8Array, o: { liveness?: boolean } = {}): Promise<FaceAnalysis> {
    const t: Record<string, number> = {}
    let mark = performance.now()
    const lap = (name: string) => {
      const now = performance.now()
      t[name] = Math.round((now - mark) * 100) / 100
      mark = now
    }
    const { img, scale } = await decodeRgb(bytes)
    lap('decode')
    const faces = await detectIn(img)
    lap('detect')
    const face = faces[0] ?? null
    let embedding: Float32Array | null = null
    let metrics: FaceMetrics | null = null
    let live: LivenessScores | null = null
    if (face !== null) {
      const e = await embed(img, face)
      embedding = e.embedding
      lap('alignEmbed')
      metrics = measure(faces, face, e.aligned, scale)
      lap('metrics')
      if (o.liveness !== false) {
        live = await liveness(img, face)
        lap('liveness')
      }
    }
    return {
      image: originalSize(img, scale),
      faces: faces.map((f) => scaleFace(f, scale)),
      face: face === null ? null : scaleFace(face, scale),
      metrics,
      embedding,
      liveness: live,
      timingsMs: t,
    }
  }

  /**
   * One run of every model on a blank 1280×720 frame: onnxruntime allocates its buffers on the
   * first run, which would otherwise land on the first customer's selfie.
   */
  async function warmUp(): Promise<number> {
    const t = performance.now()
    await warmUpDecoder()
    // A Buffer, like sharp's output, so the JIT specialises on the type real frames have.
    const blank: RgbImage = { data: Buffer.alloc(1280 * 720 * 3, 128), width: 1280, height: 720 }
    await detectIn(blank)
    const face: DetectedFace = {
      box: { x: 540, y: 260, width: 200, height: 200 },
      score: 1,
      landmarks: ARCFACE_TEMPLATE.map((p) => ({ x: p.x * 2 + 530, y: p.y * 2 + 250 })),
    }
    for (let i = 0; i < 3; i++) {
      const { aligned } = await embed(blank, face)
      measure([face], face, aligned, 1)
      await liveness(blank, face)
    }
    return Math.round(performance.now() - t)
  }

  return { detect, analyse, detectIn, embed, liveness, warmUp, decode: decodeRgb }
}

/** minivision's CropImage._get_new_box: the box scaled about its centre, shifted inside. */
export function antiSpoofCrop(
  img: { width: number; height: number },
  face: DetectedFace,
  scaleWanted: number,
): { x0: number; y0: number; x1: number; y1: number } {
  const { width: srcW, height: srcH } = img
  const x = Math.trunc(face.box.x)
  const y = Math.trunc(face.box.y)
  const bw = Math.max(1, Math.round(face.box.width))
  const bh = Math.max(1, Math.round(face.box.height))
  const scale = Math.min((srcH - 1) / bh, (srcW - 1) / bw, scaleWanted)
  const nw = bw * scale
  const nh = bh * scale
  const cx = bw / 2 + x
  const cy = bh / 2 + y
  let x0 = cx - nw / 2
  let y0 = cy - nh / 2
  let x1 = cx + nw / 2
  let y1 = cy + nh / 2
  if (x0 < 0) {
    x1 -= x0
    x0 = 0
  }
  if (y0 < 0) {
    y1 -= y0
    y0 = 0
  }
  if (x1 > srcW - 1) {
    x0 -= x1 - srcW + 1
    x1 = srcW - 1
  }
  if (y1 > srcH - 1) {
    y0 -= y1 - srcH + 1
    y1 = srcH - 1
  }
  return {
    x0: Math.max(0, Math.trunc(x0)),
    y0: Math.max(0, Math.trunc(y0)),
    x1: Math.trunc(x1),
    y1: Math.trunc(y1),
  }
}

/** Region of the aligned 112×112 face that is face (brows to chin), not background. */
const INNER = { x0: 20, x1: 92, y0: 28, y1: 108 }

function measure(
  faces: DetectedFace[],
  face: DetectedFace,
  aligned: RgbImage,
  scale: number,
): FaceMetrics {
  const pose = headPose(face.landmarks)
  const grey = new Float32Array(ALIGNED * ALIGNED)
  for (let i = 0, p = 0; i < grey.length; i++, p += 3) {
    grey[i] =
      0.299 * (aligned.data[p] ?? 0) +
      0.587 * (aligned.data[p + 1] ?? 0) +
      0.114 * (aligned.data[p + 2] ?? 0)
  }
  let sum = 0
  let bright = 0
  let n = 0
  let lapSum = 0
  let lapSq = 0
  for (let y = INNER.y0; y < INNER.y1; y++) {
    for (let x = INNER.x0; x < INNER.x1; x++) {
      const i = y * ALIGNED + x
      const v = grey[i] ?? 0
      sum += v
      if (v >= 250) bright++
      const lap =
        (grey[i - 1] ?? 0) +
        (grey[i + 1] ?? 0) +
        (grey[i - ALIGNED] ?? 0) +
        (grey[i + ALIGNED] ?? 0) -
        4 * v
      lapSum += lap
      lapSq += lap * lap
      n++
    }
  }
  const lapMean = lapSum / n
  const largest = face.box.width
  return {
    prominentFaces: faces.filter((f) => f.box.width >= 0.4 * largest).length,
    interEyePx: round2(pose.interEyePx * scale),
    brightness: round2(sum / n),
    overexposed: round2(bright / n),
    sharpness: round2(lapSq / n - lapMean * lapMean),
    yawDeg: round2(pose.yawDeg),
    pitchDeg: round2(pose.pitchDeg),
    rollDeg: round2(pose.rollDeg),
  }
}

function scaleFace(f: DetectedFace, s: number): DetectedFace {
  const r = (v: number) => Math.round(v * s * 10) / 10
  return {
    score: Math.round(f.score * 10000) / 10000,
    box: { x: r(f.box.x), y: r(f.box.y), width: r(f.box.width), height: r(f.box.height) },
    landmarks: f.landmarks.map((p) => ({ x: r(p.x), y: r(p.y) })),
  }
}

const originalSize = (img: RgbImage, scale: number) => ({
  width: Math.round(img.width * scale),
  height: Math.round(img.height * scale),
})

const round2 = (v: number) => Math.round(v * 100) / 100

export function l2normalise(v: ArrayLike<number>): Float32Array {
  let ss = 0
  for (let i = 0; i < v.length; i++) ss += (v[i] ?? 0) ** 2
  const norm = Math.sqrt(ss) || 1
  const out = new Float32Array(v.length)
  for (let i = 0; i < v.length; i++) out[i] = (v[i] ?? 0) / norm
  return out
}

function softmax3(l: ArrayLike<number>): [number, number, number] {
  const a = l[0] ?? 0
  const b = l[1] ?? 0
  const c = l[2] ?? 0
  const m = Math.max(a, b, c)
  const ea = Math.exp(a - m)
  const eb = Math.exp(b - m)
  const ec = Math.exp(c - m)
  const s = ea + eb + ec
  return [ea / s, eb / s, ec / s]
}
