/**
 * A screen's title, focused when the screen appears: keyboard users start from the top of the new
 * screen, and screen readers announce where they are.
 */
import { useEffect, useRef, type ReactNode } from 'react'

export function StepTitle({
  id,
  children,
  className,
}: {
  id: string
  children: ReactNode
  className?: string
}) {
  const ref = useRef<HTMLHeadingElement | null>(null)
  useEffect(() => {
    ref.current?.focus({ preventScroll: false })
  }, [])
  return (
    <h2 id={id} ref={ref} tabIndex={-1} className={className}>
      {children}
    </h2>
  )
}
