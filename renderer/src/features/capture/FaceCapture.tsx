/**
 * The camera screen: live preview (mirrored, like a mirror), the face oval and box, one hint at a
 * time, auto-capture of the selfie, then the active-liveness challenges. Everything is decided by
 * CaptureController over the shared policies; this component only shows it and speaks it.
 */
import { useEffect, useMemo, useRef, useState } from 'react'
import type { FrameObservation } from '../../../../electron/shared/liveness/observation'
import { useSpeech } from '../../app/speech'
import { ACTIVITY_EVENT } from '../../app/useIdle'
import type {
  CameraInfo,
  RememberedCamera,
} from '../../../../electron/shared/ui/camera-choice.policy'
import { useCamera } from '../../camera/useCamera'
import { useT } from '../../i18n/i18n'
import { useFaceTracking, type TrackingStats } from '../../mediapipe/useFaceTracking'
import {
  CaptureController,
  type CaptureResult,
  type CaptureView,
} from '../liveness/capture-controller'
import { ChallengePanel } from '../liveness/ChallengePanel'
import { drawOverlay } from './overlay'
import { grabJpeg } from './frame-grab'
import { CameraProblemPanel } from './CameraProblemPanel'
import { StepTitle } from '../../components/StepTitle'

interface Props {
  active: boolean
  camera: RememberedCamera & { width: number; height: number }
  onCameraOpened?: (camera: CameraInfo, how: string) => void
  onDone: (r: CaptureResult) => void
  onFailed: (r: CaptureResult) => void
  onCancel: () => void
}

const randomUnit = () => (crypto.getRandomValues(new Uint32Array(1))[0] ?? 0) / 2 ** 32

export function FaceCapture({ active, camera, onCameraOpened, onDone, onFailed, onCancel }: Props) {
  const { t } = useT()
  const speech = useSpeech()
  const {
    videoRef,
    state: camState,
    retry: retryCamera,
  } = useCamera({
    remembered: { deviceId: camera.deviceId, label: camera.label },
    width: camera.width,
    height: camera.height,
    ...(onCameraOpened ? { onOpened: onCameraOpened } : {}),
  })
  const stageRef = useRef<HTMLDivElement | null>(null)
  const overlayRef = useRef<HTMLCanvasElement | null>(null)
  // Bumped by "Try again" after a photo that could not be taken: a fresh capture from the start.
  const [attempt, setAttempt] = useState(0)
  const [photoFailed, setPhotoFailed] = useState(false)
  const controller = useMemo(
    () => new CaptureController<HTMLVideoElement>({ active, random: randomUnit, grab: grabJpeg }),
    // `attempt` is not read: a new value is what asks for a new controller.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [active, attempt],
  )
  const [view, setView] = useState<CaptureView>(() => controller.view())
  const finished = useRef(false)
  const callbacks = useRef({ onDone, onFailed })
  useEffect(() => {
    callbacks.current = { onDone, onFailed }
  })

  useEffect(() => () => controller.dispose(), [controller])

  const lastPresence = useRef(0)
  const lastPhase = useRef<CaptureView['phase']>('guide')
  const onFrame = (obs: FrameObservation, video: HTMLVideoElement, stats: TrackingStats) => {
    if (obs.faces.length > 0 && obs.t - lastPresence.current > 1000) {
      lastPresence.current = obs.t
      window.dispatchEvent(new Event(ACTIVITY_EVENT))
    }
    const next = controller.frame(obs, video)
    // Frames tracked so far, readable by staff tools and the UI benchmark (one attribute write).
    if (stageRef.current !== null) stageRef.current.dataset.frames = String(stats.frames)
    const canvas = overlayRef.current
    if (canvas !== null) drawOverlay(canvas, obs, next)
    // User Timing marks for diagnostics and the UI benchmark (frames tracked in `detail`).
    if (lastPhase.current === 'guide' && next.phase === 'challenge') {
      performance.mark('kiosk:challenges-started', { detail: { frames: stats.frames } })
    }
    lastPhase.current = next.phase
    setView((prev) => (sameView(prev, next) ? prev : next))
    if (!finished.current && (next.phase === 'passed' || next.phase === 'failed')) {
      finished.current = true
      if (next.phase === 'passed') {
        performance.mark('kiosk:liveness-passed', {
          detail: { frames: stats.frames, delegate: stats.delegate },
        })
      }
      void controller.result().then(
        (r) => {
          controller.dispose([r.selfie, ...r.frames])
          if (next.phase === 'passed') callbacks.current.onDone(r)
          else callbacks.current.onFailed(r)
        },
        () => {
          // The selfie or a liveness frame could not be grabbed: without this the screen would
          // never move on. Say so and offer a fresh start, like any other camera problem.
          controller.dispose()
          setPhotoFailed(true)
        },
      )
    }
  }
  const retryCapture = () => {
    finished.current = false
    lastPhase.current = 'guide'
    setPhotoFailed(false)
    setAttempt((n) => n + 1)
  }
  const { tracking, fps } = useFaceTracking(videoRef, camState.status === 'live', onFrame)

  // Frames per second for staff diagnostics and the UI benchmark, without re-rendering.
  useEffect(() => {
    const timer = setInterval(() => {
      if (stageRef.current === null) return
      stageRef.current.dataset.fps = fps.current.toFixed(1)
    }, 500)
    return () => clearInterval(timer)
  }, [fps])

  // No guidance while there is no picture: the camera's own problem is what to read.
  const prompt =
    camState.status === 'live' && !photoFailed ? promptText(view, t) : { main: '', sub: '' }
  useEffect(() => {
    if (prompt.main !== '') speech.say(prompt.main)
  }, [prompt.main, speech])

  return (
    <section className="capture" aria-labelledby="capture-title">
      <StepTitle id="capture-title" className="capture__title">
        {t(active ? 'capture.title.active' : 'capture.title.passive')}
      </StepTitle>
      <div
        ref={stageRef}
        className={`stage stage--${view.phase} stage--${view.hint}`}
        data-phase={view.phase}
        data-hint={view.hint}
        data-challenge={view.challenge ?? ''}
        data-delegate={tracking.status === 'running' ? tracking.delegate : ''}
        data-camera={camState.status}
      >
        <video ref={videoRef} className="stage__video" muted playsInline aria-hidden="true" />
        <canvas ref={overlayRef} className="stage__overlay" aria-hidden="true" />
        <svg className="stage__oval" viewBox="0 0 100 75" aria-hidden="true">
          <ellipse cx="50" cy="36" rx="17" ry="24" className="oval__track" />
          {progressOf(view) > 0 && (
            // Axes swapped, then turned a quarter: the same oval as the guide, path starting at its top.
            <ellipse
              cx="50"
              cy="36"
              rx="24"
              ry="17"
              className="oval__progress"
              pathLength="100"
              transform="rotate(-90 50 36)"
              strokeDasharray={`${Math.round(progressOf(view) * 100)} 100`}
            />
          )}
        </svg>
        {camState.status === 'error' && (
          <CameraProblemPanel problem={camState.problem} onRetry={retryCamera} />
        )}
        {camState.status === 'live' && photoFailed && (
          <CameraProblemPanel problem="photo_failed" onRetry={retryCapture} />
        )}
        {camState.status === 'starting' && <p className="stage__notice">{t('camera.starting')}</p>}
        {tracking.status === 'error' && (
          <p className="stage__notice stage__notice--bad" role="alert">
            {t('tracking.failed')} {tracking.message}
          </p>
        )}
      </div>
      <div className="prompt" role="status" aria-live="polite" aria-atomic="true">
        <p className="prompt__main" data-testid="prompt">
          {prompt.main}
        </p>
        {prompt.sub !== '' && <p className="prompt__sub">{prompt.sub}</p>}
      </div>
      {active && view.phase !== 'guide' && (
        <ChallengePanel view={view} onRetryNow={() => controller.retry(performance.now())} />
      )}
      <div className="capture__actions">
        <button type="button" className="btn btn--secondary" onClick={onCancel}>
          {t('action.cancel')}
        </button>
      </div>
    </section>
  )
}

function progressOf(v: CaptureView): number {
  if (v.phase === 'guide') return v.holdProgress
  if (v.phase === 'passed') return 1
  if (v.challengeCount === 0) return 0
  return (v.challengeIndex + v.challengeProgress) / v.challengeCount
}

function sameView(a: CaptureView, b: CaptureView): boolean {
  const r = (x: number) => Math.round(x * 20)
  return (
    a.phase === b.phase &&
    a.hint === b.hint &&
    r(a.holdProgress) === r(b.holdProgress) &&
    a.challenge === b.challenge &&
    a.challengeIndex === b.challengeIndex &&
    a.armed === b.armed &&
    r(a.challengeProgress) === r(b.challengeProgress) &&
    a.attempt === b.attempt &&
    a.failure === b.failure &&
    a.retryAt === b.retryAt
  )
}

type T = ReturnType<typeof useT>['t']

function promptText(v: CaptureView, t: T): { main: string; sub: string } {
  switch (v.phase) {
    case 'guide':
      return { main: t(`guide.${v.hint}`), sub: v.hint === 'ok' ? t('guide.ok.sub') : '' }
    case 'challenge':
      if (v.challenge === null) return { main: t('challenge.calibrate'), sub: '' }
      return v.armed
        ? { main: t(`challenge.${v.challenge}`), sub: '' }
        : { main: t(`challenge.neutral.${v.challenge}`), sub: t(`challenge.${v.challenge}`) }
    case 'retry_wait':
      return { main: t(`failure.${v.failure ?? 'timeout'}`), sub: t('challenge.again') }
    case 'passed':
      return { main: t('capture.done'), sub: '' }
    case 'failed':
      return { main: t(`failure.${v.failure ?? 'timeout'}`), sub: '' }
  }
}
