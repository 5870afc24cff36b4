/**
 * The idle timeout: after `timeoutSec` without a touch, key or pointer, `onIdle` runs (the app
 * wipes the screen and drops any unfinished capture). `warningSec` before that, `warning` turns
 * true so the screen can ask "Are you still there?" with `secondsLeft` counting down (it is
 * `timeoutSec` until then); any input cancels it.
 */
import { useEffect, useRef, useState } from 'react'

/** `kiosk-activity`: the camera sees someone (a person doing liveness challenges touches nothing). */
export const ACTIVITY_EVENT = 'kiosk-activity'
const EVENTS = ['pointerdown', 'keydown', 'touchstart', 'wheel', ACTIVITY_EVENT] as const

export function useIdle(opts: {
  enabled: boolean
  timeoutSec: number
  warningSec: number
  onIdle: () => void
}): { warning: boolean; secondsLeft: number } {
  const [left, setLeft] = useState(opts.timeoutSec)
  const lastInput = useRef(0)
  const onIdle = useRef(opts.onIdle)
  useEffect(() => {
    onIdle.current = opts.onIdle
  })

  useEffect(() => {
    if (!opts.enabled) return
    lastInput.current = Date.now()
    const touch = () => {
      lastInput.current = Date.now()
    }
    for (const e of EVENTS) window.addEventListener(e, touch, { capture: true, passive: true })
    const timer = setInterval(() => {
      const remaining = opts.timeoutSec - Math.floor((Date.now() - lastInput.current) / 1000)
      // The count is only shown in the warning: before that it stays put, so the app (and the
      // camera screen under it) does not re-render every second for nothing.
      setLeft(remaining <= opts.warningSec ? remaining : opts.timeoutSec)
      if (remaining <= 0) {
        lastInput.current = Date.now()
        onIdle.current()
      }
    }, 250)
    return () => {
      clearInterval(timer)
      for (const e of EVENTS) window.removeEventListener(e, touch, { capture: true })
    }
  }, [opts.enabled, opts.timeoutSec, opts.warningSec])

  const secondsLeft = opts.enabled ? Math.max(0, left) : opts.timeoutSec
  return { warning: opts.enabled && secondsLeft <= opts.warningSec, secondsLeft }
}
