/** Shows captured bytes without writing them anywhere: a blob URL revoked when unmounted. */
import { useEffect, useMemo } from 'react'

export function ImageFromBytes({
  bytes,
  alt,
  className,
}: {
  bytes: Uint8Array
  alt: string
  className?: string
}) {
  const url = useMemo(
    () => URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'image/jpeg' })),
    [bytes],
  )
  useEffect(() => () => URL.revokeObjectURL(url), [url])
  return <img src={url} alt={alt} className={className} />
}
