/**
 * Camera capture of an identity document, front then back (or the sides asked for). Samples the
 * live video every 350 ms, measures outline, sharpness, glare and light (shared/documents/frame-measure.ts), and
 * lets the shared readiness policy decide: it takes the photo by itself after three good frames
 * in a row, tells the customer what to change until then, and offers a manual button after 20 s.
 * The parent owns the camera: it passes the MediaStream (or its own playing <video>) and gets
 * each side back as JPEG bytes.
 */
import { useEffect, useRef, useState } from 'react'
import {
  CAPTURE_THRESHOLDS,
  nextReadiness,
  startReadiness,
  type CaptureThresholds,
  type Hint,
} from '../../../../electron/shared/documents/capture-readiness.policy'
import type { Outline } from '../../../../electron/shared/documents/document-outline'
import { useT } from '../../i18n/i18n'
import { MEASURE_WIDTH, measureFrame } from '../../../../electron/shared/documents/frame-measure'
import { grabJpeg } from '../capture/frame-grab'

export type DocumentSideName = 'front' | 'back'

export interface CapturedSide {
  side: DocumentSideName
  jpeg: Uint8Array
  width: number
  height: number
  /** auto: taken by the readiness policy; manual: the button. */
  how: 'auto' | 'manual'
}

export interface DocumentCaptureProps {
  /** The camera stream; the component shows it in its own video element. */
  stream?: MediaStream | null
  /** Or a video element the parent already plays (the component only reads frames from it). */
  video?: HTMLVideoElement | null
  sides?: DocumentSideName[]
  onCapture: (shot: CapturedSide) => void
  /** Called after the last side. */
  onDone?: () => void
  thresholds?: Partial<CaptureThresholds>
}

/**
 * The layout the overlay needs to sit on the video, inline so the component works wherever it is
 * mounted; colours and sizes beyond that come from the app's stylesheet (doccam__* classes).
 */
const VIEW = { position: 'relative', display: 'inline-block', maxWidth: '100%' } as const
const VIDEO = { display: 'block', width: '100%', height: 'auto' } as const
const OVERLAY = {
  position: 'absolute',
  inset: 0,
  width: '100%',
  height: '100%',
  pointerEvents: 'none',
} as const
const BOX = { fill: 'none', strokeWidth: 4 } as const

/** Pause after a side so the customer can turn the document over before the next one counts. */
const TURN_OVER_MS = 1500

export function DocumentCapture(props: DocumentCaptureProps) {
  const { t } = useT()
  const th: CaptureThresholds = { ...CAPTURE_THRESHOLDS, ...props.thresholds }
  const sides = props.sides ?? ['front', 'back']
  const ownVideo = useRef<HTMLVideoElement>(null)
  const [index, setIndex] = useState(0)
  const [hint, setHint] = useState<Hint>('no_document')
  const [outline, setOutline] = useState<{ o: Outline; w: number; h: number } | null>(null)
  const [manual, setManual] = useState(false)
  const [turning, setTurning] = useState(false)
  const side = sides[index]
  const busy = useRef(false)

  useEffect(() => {
    const v = ownVideo.current
    if (v === null || props.stream === null || props.stream === undefined) return
    v.srcObject = props.stream
    void v.play().catch(() => undefined)
    return () => {
      v.srcObject = null
    }
  }, [props.stream])

  const videoEl = (): HTMLVideoElement | null => props.video ?? ownVideo.current

  async function take(how: 'auto' | 'manual'): Promise<void> {
    const v = videoEl()
    if (v === null || side === undefined || busy.current) return
    busy.current = true
    try {
      const { videoWidth: width, videoHeight: height } = v
      if (width === 0) return
      // Full camera resolution: the core reads the MRZ from it.
      const jpeg = await grabJpeg(v, Math.max(width, height), 0.92)
      props.onCapture({ side, jpeg, width, height, how })
      if (index + 1 >= sides.length) {
        props.onDone?.()
      } else {
        setTurning(true)
        setTimeout(() => {
          setTurning(false)
          setManual(false)
          setHint('no_document')
          setOutline(null)
          setIndex((i) => i + 1)
        }, TURN_OVER_MS)
      }
    } finally {
      busy.current = false
    }
  }

  useEffect(() => {
    if (side === undefined || turning) return
    const canvas = document.createElement('canvas')
    const ctx = canvas.getContext('2d', { willReadFrequently: true })
    let state = startReadiness(performance.now())
    const timer = setInterval(() => {
      const v = videoEl()
      if (ctx === null || v === null || v.videoWidth === 0 || busy.current) return
      const w = MEASURE_WIDTH
      const h = Math.round((v.videoHeight / v.videoWidth) * w)
      // Setting a canvas's size clears and reallocates it: only when the camera's shape changes.
      if (canvas.width !== w || canvas.height !== h) {
        canvas.width = w
        canvas.height = h
      }
      ctx.drawImage(v, 0, 0, w, h)
      const m = measureFrame(ctx.getImageData(0, 0, w, h).data, w, h)
      const step = nextReadiness(state, m, performance.now(), th)
      state = step.state
      setHint(step.hint)
      setOutline(m.outline === null ? null : { o: m.outline, w, h })
      if (step.manualAllowed) setManual(true)
      if (step.capture) void take('auto')
    }, th.sampleEveryMs)
    return () => clearInterval(timer)
    // The loop restarts per side; thresholds and callbacks are read fresh on each tick.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [index, turning])

  if (side === undefined) return null
  const good = hint === 'hold_still' || hint === 'ready'
  const message = turning ? t('doccam.turnOver') : t(`doccam.hint.${hint}`)
  return (
    <section className="doccam" aria-labelledby="doccam-title">
      <h3 id="doccam-title" className="doccam__title">
        {t(side === 'front' ? 'doccam.front' : 'doccam.back')}
      </h3>
      <div className="doccam__view" style={VIEW}>
        {(props.video === null || props.video === undefined) && (
          <video ref={ownVideo} className="doccam__video" style={VIDEO} muted playsInline />
        )}
        {outline !== null && (
          <svg
            style={OVERLAY}
            className="doccam__overlay"
            viewBox={`0 0 ${outline.w} ${outline.h}`}
            preserveAspectRatio="none"
            aria-hidden="true"
          >
            <rect
              x={outline.o.box.x0}
              y={outline.o.box.y0}
              width={outline.o.box.x1 - outline.o.box.x0}
              height={outline.o.box.y1 - outline.o.box.y0}
              style={{ ...BOX, stroke: good ? '#1a9c4a' : '#e0a100' }}
              className={good ? 'doccam__box doccam__box--good' : 'doccam__box'}
            />
          </svg>
        )}
      </div>
      <p className="doccam__hint" role="status" aria-live="polite">
        {message}
      </p>
      {manual && !turning && (
        <button type="button" className="btn doccam__manual" onClick={() => void take('manual')}>
          {t('doccam.manual')}
        </button>
      )}
    </section>
  )
}
