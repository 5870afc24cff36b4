/**
 * YuNet output decoding, as OpenCV's FaceDetectorYN does it: per stride, anchor i sits at
 * row = i / cols, col = i % cols; score = √(cls·obj); box centre and landmarks are offsets in
 * stride units, box size is exp(·)·stride; then non-maximum suppression.
 */
import type { DetectedFace } from '../shared/face/face.types'

export const YUNET_STRIDES = [8, 16, 32] as const

/** onnxruntime's output map; only float tensors are read. */
export type YunetOutputs = Record<string, { data: unknown } | undefined>

const clamp01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v)

/** Every anchor scoring at least `threshold`, in input-tensor pixels. */
export function decodeYunet(
  out: YunetOutputs,
  inputW: number,
  inputH: number,
  threshold: number,
): DetectedFace[] {
  const faces: DetectedFace[] = []
  for (const stride of YUNET_STRIDES) {
    const cls = floats(out, `cls_${stride}`)
    const obj = floats(out, `obj_${stride}`)
    const bbox = floats(out, `bbox_${stride}`)
    const kps = floats(out, `kps_${stride}`)
    if (!cls || !obj || !bbox || !kps) throw new Error(`YuNet output for stride ${stride} missing`)
    const cols = Math.floor(inputW / stride)
    const rows = Math.floor(inputH / stride)
    const n = rows * cols
    if (cls.length < n) throw new Error(`YuNet cls_${stride} has ${cls.length} anchors, not ${n}`)
    for (let i = 0; i < n; i++) {
      const score = Math.sqrt(clamp01(cls[i] ?? 0) * clamp01(obj[i] ?? 0))
      if (score < threshold) continue
      const row = Math.floor(i / cols)
      const col = i % cols
      const cx = (col + (bbox[i * 4] ?? 0)) * stride
      const cy = (row + (bbox[i * 4 + 1] ?? 0)) * stride
      const w = Math.exp(bbox[i * 4 + 2] ?? 0) * stride
      const h = Math.exp(bbox[i * 4 + 3] ?? 0) * stride
      const landmarks = []
      for (let k = 0; k < 5; k++) {
        landmarks.push({
          x: ((kps[i * 10 + 2 * k] ?? 0) + col) * stride,
          y: ((kps[i * 10 + 2 * k + 1] ?? 0) + row) * stride,
        })
      }
      faces.push({ box: { x: cx - w / 2, y: cy - h / 2, width: w, height: h }, score, landmarks })
    }
  }
  return faces
}

function floats(out: YunetOutputs, name: string): Float32Array | undefined {
  const d = out[name]?.data
  return d instanceof Float32Array ? d : undefined
}

export function iou(a: DetectedFace['box'], b: DetectedFace['box']): number {
  const x1 = Math.max(a.x, b.x)
  const y1 = Math.max(a.y, b.y)
  const x2 = Math.min(a.x + a.width, b.x + b.width)
  const y2 = Math.min(a.y + a.height, b.y + b.height)
  const inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1)
  const union = a.width * a.height + b.width * b.height - inter
  return union <= 0 ? 0 : inter / union
}

/** Greedy NMS by score; keeps at most `keep` faces. */
export function nms(faces: DetectedFace[], threshold: number, keep = 50): DetectedFace[] {
  const sorted = [...faces].sort((a, b) => b.score - a.score)
  const kept: DetectedFace[] = []
  for (const f of sorted) {
    if (kept.length >= keep) break
    if (kept.every((k) => iou(k.box, f.box) <= threshold)) kept.push(f)
  }
  return kept
}
