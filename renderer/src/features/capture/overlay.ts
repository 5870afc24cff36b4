/** Draws the tracked faces over the preview: the person's box, any other face in red. */
import type { FrameObservation } from '../../../../electron/shared/liveness/observation'
import type { CaptureView } from '../liveness/capture-controller'

export function drawOverlay(
  canvas: HTMLCanvasElement,
  obs: FrameObservation,
  view: CaptureView,
): void {
  const w = canvas.clientWidth
  const h = canvas.clientHeight
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w
    canvas.height = h
  }
  const ctx = canvas.getContext('2d')
  if (ctx === null) return
  ctx.clearRect(0, 0, w, h)
  const good = view.phase === 'passed' || (view.phase === 'guide' ? view.hint === 'ok' : view.armed)
  obs.faces.forEach((f, i) => {
    ctx.lineWidth = 4
    ctx.strokeStyle = i === 0 ? (good ? '#3ddc84' : '#ffbf47') : '#ff5a4f'
    ctx.beginPath()
    ctx.roundRect(f.box.x * w, f.box.y * h, f.box.width * w, f.box.height * h, 12)
    ctx.stroke()
  })
}
