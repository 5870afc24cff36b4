/* global OffscreenCanvas, createImageBitmap, FileReader */
// Runs inside Chromium (test/support/fake-camera.ts serves it): renders fake-camera frames of a
// shared face photo moving its head, blinking and smiling, by warping MediaPipe's face mesh
// (texture-mapped triangles, a rubber band of rings around the face so the neighbourhood
// stretches instead of tearing, eyes painted shut for a blink). Test data only; never shipped.
import { FaceLandmarker, FilesetResolver } from '/vision_bundle.mjs'

const W = 640
const H = 480
let landmarker

export async function init() {
  const fileset = await FilesetResolver.forVisionTasks('/wasm')
  landmarker = await FaceLandmarker.createFromOptions(fileset, {
    baseOptions: { modelAssetPath: '/face_landmarker.task', delegate: 'CPU' },
    runningMode: 'IMAGE',
    numFaces: 1,
  })
}

const TRIANGLES = []
{
  const t = FaceLandmarker.FACE_LANDMARKS_TESSELATION
  for (let i = 0; i + 2 < t.length; i += 3) {
    TRIANGLES.push([t[i].start, t[i + 1].start, t[i + 2].start])
  }
}
const OVAL = (() => {
  const e = FaceLandmarker.FACE_LANDMARKS_FACE_OVAL
  const next = new Map(e.map((c) => [c.start, c.end]))
  const loop = [e[0].start]
  while (loop.length < e.length) loop.push(next.get(loop[loop.length - 1]))
  return loop
})()
const EYES = [
  {
    centre: 468,
    loop: [33, 246, 161, 160, 159, 158, 157, 173, 133, 155, 154, 153, 145, 144, 163, 7],
    cheek: 118,
  },
  {
    centre: 473,
    loop: [263, 466, 388, 387, 386, 385, 384, 398, 362, 382, 381, 380, 374, 373, 390, 249],
    cheek: 347,
  },
]
const MOUTH = [
  78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308, 324, 318, 402, 317, 14, 87, 178, 88, 95,
]

/** Loads the photo, finds the face and frames it in 640×480 with the face ~190 px wide. */
export async function loadFace(url, faceWidth = 190) {
  const img = await createImageBitmap(await (await fetch(url)).blob())
  const full = new OffscreenCanvas(img.width, img.height)
  full.getContext('2d').drawImage(img, 0, 0)
  const lm = landmarker.detect(full).faceLandmarks[0]
  if (!lm) throw new Error(`no face in ${url}`)
  const xs = lm.map((p) => p.x * img.width)
  const ys = lm.map((p) => p.y * img.height)
  const cx = (Math.max(...xs) + Math.min(...xs)) / 2
  const cy = (Math.max(...ys) + Math.min(...ys)) / 2
  const s = faceWidth / (Math.max(...xs) - Math.min(...xs))
  const base = new OffscreenCanvas(W, H)
  const g = base.getContext('2d')
  g.fillStyle = '#777'
  g.fillRect(0, 0, W, H)
  g.setTransform(s, 0, 0, s, W / 2 - cx * s, H * 0.46 - cy * s)
  g.drawImage(img, 0, 0)
  const framed = landmarker.detect(base).faceLandmarks[0]
  return { base, pts: framed.map((p) => ({ x: p.x * W, y: p.y * H, z: p.z * W })) }
}

function affine(s, d) {
  const [s0, s1, s2] = s
  const [d0, d1, d2] = d
  const den = s0.x * (s1.y - s2.y) + s1.x * (s2.y - s0.y) + s2.x * (s0.y - s1.y)
  if (Math.abs(den) < 1e-6) return null
  const row = (k) => [
    (d0[k] * (s1.y - s2.y) + d1[k] * (s2.y - s0.y) + d2[k] * (s0.y - s1.y)) / den,
    (d0[k] * (s2.x - s1.x) + d1[k] * (s0.x - s2.x) + d2[k] * (s1.x - s0.x)) / den,
    (d0[k] * (s1.x * s2.y - s2.x * s1.y) +
      d1[k] * (s2.x * s0.y - s0.x * s2.y) +
      d2[k] * (s0.x * s1.y - s1.x * s0.y)) /
      den,
  ]
  const [a, c, e] = row('x')
  const [b, dd, f] = row('y')
  return [a, b, c, dd, e, f]
}

function smiled(pts, amount) {
  if (amount <= 0) return pts.map((p) => ({ ...p }))
  const L = pts[61]
  const R = pts[291]
  const mw = Math.hypot(R.x - L.x, R.y - L.y)
  const ctrl = [
    { p: L, d: { x: -0.15 * mw * amount, y: -0.2 * mw * amount } },
    { p: R, d: { x: 0.15 * mw * amount, y: -0.2 * mw * amount } },
    { p: pts[0], d: { x: 0, y: -0.02 * mw * amount } },
    { p: pts[17], d: { x: 0, y: 0.04 * mw * amount } },
    { p: pts[152], d: { x: 0, y: 0 } },
    { p: pts[1], d: { x: 0, y: 0 } },
  ]
  const sig = mw * 0.45
  return pts.map((q) => {
    let dx = 0
    let dy = 0
    let ws = 0
    for (const c of ctrl) {
      const w = Math.exp(-((q.x - c.p.x) ** 2 + (q.y - c.p.y) ** 2) / (2 * sig * sig))
      dx += w * c.d.x
      dy += w * c.d.y
      ws += w
    }
    const n = Math.max(ws, 1)
    return { x: q.x + dx / n, y: q.y + dy / n, z: q.z }
  })
}

/** One frame: head turned by `yaw`/`pitch` degrees, eyes shut if `blink`, smiling by `smile`. */
export function render(face, { yaw = 0, pitch = 0, blink = false, smile = 0 }) {
  const src = face.pts
  const P = smiled(src, smile)
  const n = P.length
  const xs = P.map((p) => p.x)
  const fw = Math.max(...xs) - Math.min(...xs)
  const cx = P.reduce((a, p) => a + p.x, 0) / n
  const cy = P.reduce((a, p) => a + p.y, 0) / n
  const cz = P.reduce((a, p) => a + p.z, 0) / n + fw * 0.35
  const ay = (yaw * Math.PI) / 180
  const ap = (pitch * Math.PI) / 180
  const Q = P.map((p) => {
    let x = p.x - cx
    let y = p.y - cy
    let z = p.z - cz
    ;[x, z] = [Math.cos(ay) * x + Math.sin(ay) * z, -Math.sin(ay) * x + Math.cos(ay) * z]
    ;[y, z] = [Math.cos(ap) * y - Math.sin(ap) * z, Math.sin(ap) * y + Math.cos(ap) * z]
    return { x: x + cx, y: y + cy, z: z + cz }
  })
  const S = src.slice()
  const D = Q.slice()
  const ox = src.reduce((a, p) => a + p.x, 0) / n
  const oy = src.reduce((a, p) => a + p.y, 0) / n
  const ring = (k, follow) =>
    OVAL.map((i) => {
      const p = src[i]
      const s = { x: ox + (p.x - ox) * k, y: oy + (p.y - oy) * k }
      S.push(s)
      D.push({ x: s.x + (Q[i].x - p.x) * follow, y: s.y + (Q[i].y - p.y) * follow, z: 1e9 })
      return S.length - 1
    })
  const r1 = ring(1.3, 0.5)
  const r2 = ring(1.9, 0)
  const band = []
  for (const [A, B] of [
    [OVAL, r1],
    [r1, r2],
  ]) {
    for (let i = 0; i < A.length; i++) {
      const j = (i + 1) % A.length
      band.push([A[i], A[j], B[i]], [A[j], B[j], B[i]])
    }
  }
  const fans = []
  for (const eye of EYES) {
    for (let i = 0; i < eye.loop.length; i++) {
      fans.push([eye.centre, eye.loop[i], eye.loop[(i + 1) % eye.loop.length]])
    }
  }
  S.push({
    x: MOUTH.reduce((a, i) => a + src[i].x, 0) / MOUTH.length,
    y: MOUTH.reduce((a, i) => a + src[i].y, 0) / MOUTH.length,
  })
  D.push({
    x: MOUTH.reduce((a, i) => a + Q[i].x, 0) / MOUTH.length,
    y: MOUTH.reduce((a, i) => a + Q[i].y, 0) / MOUTH.length,
    z: 0,
  })
  const mouthCentre = S.length - 1
  for (let i = 0; i < MOUTH.length; i++) {
    fans.push([mouthCentre, MOUTH[i], MOUTH[(i + 1) % MOUTH.length]])
  }
  // Painter's order: the band first, then the face's triangles far to near (the nose hides the
  // far cheek on a turned head).
  const mesh = [
    ...band,
    ...fans,
    ...TRIANGLES.map((t) => ({ t, z: (Q[t[0]].z + Q[t[1]].z + Q[t[2]].z) / 3 }))
      .sort((a, b) => b.z - a.z)
      .map((x) => x.t),
  ]
  const out = new OffscreenCanvas(W, H)
  const g = out.getContext('2d')
  g.drawImage(face.base, 0, 0)
  for (const t of mesh) {
    const s = t.map((i) => S[i])
    const d = t.map((i) => D[i])
    const m = affine(s, d)
    if (m === null) continue
    const mx = (d[0].x + d[1].x + d[2].x) / 3
    const my = (d[0].y + d[1].y + d[2].y) / 3
    g.save()
    g.beginPath()
    d.forEach((p, k) => {
      const x = p.x + (p.x - mx) * 0.04
      const y = p.y + (p.y - my) * 0.04
      if (k === 0) g.moveTo(x, y)
      else g.lineTo(x, y)
    })
    g.closePath()
    g.clip()
    g.setTransform(...m)
    g.drawImage(face.base, 0, 0)
    g.restore()
  }
  if (blink) for (const eye of EYES) paintClosedEye(g, Q, eye)
  return out
}

function paintClosedEye(g, Q, eye) {
  const U = eye.loop.slice(0, 9).map((i) => Q[i])
  const L = [eye.loop[8], ...eye.loop.slice(9), eye.loop[0]].map((i) => Q[i])
  const ew = Math.hypot(U[0].x - U[8].x, U[0].y - U[8].y)
  const c = Q[eye.cheek]
  const px = g.getImageData(Math.round(c.x) - 3, Math.round(c.y) - 3, 7, 7).data
  let r = 0
  let gr = 0
  let b = 0
  for (let k = 0; k < px.length; k += 4) {
    r += px[k]
    gr += px[k + 1]
    b += px[k + 2]
  }
  const np = px.length / 4
  r /= np
  gr /= np
  b /= np
  g.save()
  g.filter = 'blur(1.2px)'
  const top = Math.min(...U.map((p) => p.y))
  const bottom = Math.max(...L.map((p) => p.y))
  const grad = g.createLinearGradient(0, top, 0, bottom)
  grad.addColorStop(0, `rgb(${r * 0.9},${gr * 0.88},${b * 0.88})`)
  grad.addColorStop(1, `rgb(${r * 0.8},${gr * 0.75},${b * 0.75})`)
  g.fillStyle = grad
  g.beginPath()
  ;[...U, ...L].forEach((p, k) => {
    const y =
      p.y +
      (k < U.length ? -ew * 0.14 * Math.sin((Math.PI * k) / (U.length - 1)) - ew * 0.02 : ew * 0.02)
    if (k === 0) g.moveTo(p.x, y)
    else g.lineTo(p.x, y)
  })
  g.closePath()
  g.fill()
  g.strokeStyle = `rgba(${r * 0.3},${gr * 0.25},${b * 0.25},0.95)`
  g.lineWidth = Math.max(1.5, ew * 0.06)
  g.beginPath()
  L.forEach((p, k) => {
    if (k === 0) g.moveTo(p.x, p.y - ew * 0.03)
    else g.lineTo(p.x, p.y - ew * 0.03)
  })
  g.stroke()
  g.restore()
}

/** JPEG bytes of a frame as base64 (crosses back to Node as a string). */
export async function jpegBase64(canvas, quality = 0.88) {
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality })
  const url = await new Promise((resolve) => {
    const r = new FileReader()
    r.onload = () => resolve(r.result)
    r.readAsDataURL(blob)
  })
  return String(url).slice(String(url).indexOf(',') + 1)
}
