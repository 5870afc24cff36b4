/**
 * Opens the kiosk camera and keeps it open: picks the remembered camera (camera-choice.ts), asks
 * for the configured resolution, reports problems staff can act on (camera-errors.ts), and
 * recovers by itself when a camera is plugged back in (devicechange) or after a denial is lifted.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import {
  pickCamera,
  type CameraInfo,
  type RememberedCamera,
} from '../../../electron/shared/ui/camera-choice.policy'
import { cameraProblem, type CameraProblem } from '../../../electron/shared/ui/camera-errors.policy'
import { errorText } from '../../../electron/shared/contract/result'

export type CameraState =
  | { status: 'starting' }
  | { status: 'live'; camera: CameraInfo; width: number; height: number; stream: MediaStream }
  | { status: 'error'; problem: CameraProblem; detail: string }

export interface CameraOptions {
  remembered: RememberedCamera
  width: number
  height: number
  /** Called once a camera is open, with how it was chosen, e.g. to remember it. */
  onOpened?: (camera: CameraInfo, how: string) => void
}

/** No picture within this long after opening counts as "no_frames". */
const FIRST_FRAME_MS = 6000

export async function listCameras(): Promise<CameraInfo[]> {
  const all = await navigator.mediaDevices.enumerateDevices()
  return all
    .filter((d) => d.kind === 'videoinput')
    .map((d) => ({ deviceId: d.deviceId, label: d.label }))
}

export function useCamera(opts: CameraOptions) {
  const videoRef = useRef<HTMLVideoElement | null>(null)
  const [state, setState] = useState<CameraState>({ status: 'starting' })
  const streamRef = useRef<MediaStream | null>(null)
  const generation = useRef(0)
  const optsRef = useRef(opts)
  const stateRef = useRef(state)
  useEffect(() => {
    optsRef.current = opts
    stateRef.current = state
  })

  const stop = useCallback(() => {
    for (const t of streamRef.current?.getTracks() ?? []) t.stop()
    streamRef.current = null
  }, [])

  const start = useCallback(
    async (again = true) => {
      const gen = ++generation.current
      const current = () => gen === generation.current
      stop()
      if (again) setState({ status: 'starting' })
      const o = optsRef.current
      if (navigator.mediaDevices?.getUserMedia === undefined) {
        setState({ status: 'error', problem: 'unsupported', detail: 'no camera API in this page' })
        return
      }
      const size = { width: { ideal: o.width }, height: { ideal: o.height } }
      try {
        // Labels and stable ids are only listed once permission is granted: open any camera
        // first if none is known yet, then switch to the right one.
        let cameras = await listCameras()
        let pick = pickCamera(cameras, o.remembered)
        if (pick.camera === null) {
          throw Object.assign(new Error('no camera'), { name: 'NotFoundError' })
        }
        let stream = await navigator.mediaDevices.getUserMedia({
          video:
            pick.camera.deviceId === ''
              ? size
              : { ...size, deviceId: { exact: pick.camera.deviceId } },
          audio: false,
        })
        if (pick.camera.deviceId === '' || pick.camera.label === '') {
          cameras = await listCameras()
          pick = pickCamera(cameras, o.remembered)
          const openId = stream.getVideoTracks()[0]?.getSettings().deviceId
          if (
            pick.camera !== null &&
            pick.camera.deviceId !== '' &&
            pick.camera.deviceId !== openId
          ) {
            for (const t of stream.getTracks()) t.stop()
            stream = await navigator.mediaDevices.getUserMedia({
              video: { ...size, deviceId: { exact: pick.camera.deviceId } },
              audio: false,
            })
          }
        }
        if (!current()) {
          for (const t of stream.getTracks()) t.stop()
          return
        }
        streamRef.current = stream
        const track = stream.getVideoTracks()[0]
        track?.addEventListener('ended', () => {
          if (current()) {
            setState({ status: 'error', problem: 'unplugged', detail: track.label })
          }
        })
        const video = videoRef.current
        if (video === null) return
        video.srcObject = stream
        await video.play().catch(() => undefined)
        const ok = await firstFrame(video, FIRST_FRAME_MS)
        if (!current()) return
        if (!ok) {
          setState({ status: 'error', problem: 'no_frames', detail: track?.label ?? '' })
          return
        }
        const camera = pick.camera ?? { deviceId: '', label: track?.label ?? '' }
        setState({
          status: 'live',
          camera,
          width: video.videoWidth,
          height: video.videoHeight,
          stream,
        })
        o.onOpened?.(camera, pick.how)
      } catch (err) {
        if (!current()) return
        setState({
          status: 'error',
          problem: cameraProblem(err),
          detail: errorText(err),
        })
      }
    },
    [stop],
  )

  useEffect(() => {
    // Started from a microtask: the first state change belongs to the camera, not to this render.
    queueMicrotask(() => void start(false))
    const gen = generation
    // A camera plugged in (or back in) while we show a problem: try again on our own.
    const onChange = () => {
      const s = stateRef.current
      if (s.status === 'error' && s.problem !== 'denied') void start()
    }
    navigator.mediaDevices?.addEventListener('devicechange', onChange)
    return () => {
      gen.current++
      navigator.mediaDevices?.removeEventListener('devicechange', onChange)
      stop()
    }
  }, [start, stop])

  return { videoRef, state, retry: () => void start(true) }
}

function firstFrame(video: HTMLVideoElement, ms: number): Promise<boolean> {
  if (video.readyState >= 2 && video.videoWidth > 0) return Promise.resolve(true)
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(false), ms)
    const done = (v: boolean) => {
      clearTimeout(timer)
      video.removeEventListener('loadeddata', onData)
      resolve(v)
    }
    const onData = () => done(video.videoWidth > 0)
    video.addEventListener('loadeddata', onData)
  })
}
