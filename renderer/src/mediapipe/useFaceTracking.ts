/**
 * Runs the face tracker on every new video frame (requestVideoFrameCallback, so no frame is
 * processed twice and none is waited for) and hands each observation to `onFrame`. Keeps a
 * rolling frames-per-second figure for the screen and the UI benchmark.
 */
import { useEffect, useRef, useState, type RefObject } from 'react'
import type { FrameObservation } from '../../../electron/shared/liveness/observation'
import { createFaceTracker, type Delegate, type FaceTracker } from './face-tracker'
import { errorText } from '../../../electron/shared/contract/result'

export type TrackingState =
  | { status: 'loading' }
  | { status: 'running'; delegate: Delegate; loadMs: number }
  | { status: 'error'; message: string }

/** Frames tracked since this screen started, and the delegate doing it. */
export interface TrackingStats {
  frames: number
  delegate: Delegate
}

let shared: Promise<FaceTracker> | null = null

/** One tracker for the page's lifetime: loading the model again per customer wastes a second. */
export function sharedTracker(): Promise<FaceTracker> {
  shared ??= createFaceTracker().catch((err: unknown) => {
    shared = null
    throw err
  })
  return shared
}

export function useFaceTracking(
  videoRef: RefObject<HTMLVideoElement | null>,
  live: boolean,
  onFrame: (obs: FrameObservation, video: HTMLVideoElement, stats: TrackingStats) => void,
): { tracking: TrackingState; fps: RefObject<number>; frames: RefObject<number> } {
  const [tracking, setTracking] = useState<TrackingState>({ status: 'loading' })
  const fps = useRef(0)
  const frames = useRef(0)
  const handler = useRef(onFrame)
  useEffect(() => {
    handler.current = onFrame
  })

  useEffect(() => {
    if (!live) return
    let stopped = false
    let handle = 0
    const video = videoRef.current
    const times: number[] = []
    void sharedTracker()
      .then((tracker) => {
        if (stopped) return
        setTracking({ status: 'running', delegate: tracker.delegate, loadMs: tracker.loadMs })
        if (video === null) return
        let lastT = 0
        const step = () => {
          if (stopped) return
          // MediaPipe needs strictly increasing timestamps, even across screens.
          const t = Math.max(performance.now(), lastT + 1)
          lastT = t
          if (video.readyState >= 2 && video.videoWidth > 0) {
            const obs = tracker.observe(video, t)
            times.push(t)
            frames.current++
            while (times.length > 0 && (times[0] ?? t) < t - 2000) times.shift()
            fps.current = times.length > 1 ? ((times.length - 1) * 1000) / (t - (times[0] ?? t)) : 0
            handler.current(obs, video, { frames: frames.current, delegate: tracker.delegate })
          }
          handle = video.requestVideoFrameCallback(step)
        }
        handle = video.requestVideoFrameCallback(step)
      })
      .catch((err: unknown) => {
        if (stopped) return
        setTracking({ status: 'error', message: errorText(err) })
      })
    return () => {
      stopped = true
      video?.cancelVideoFrameCallback(handle)
    }
  }, [live, videoRef])

  return { tracking, fps, frames }
}
