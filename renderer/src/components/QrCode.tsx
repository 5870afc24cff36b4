/** A QR code as an image (qrcode package → SVG data URL; no inline styles, CSP-safe). */
import { toString as qrSvg } from 'qrcode'
import { useEffect, useState } from 'react'

export function QrCode({
  text,
  label,
  size = 200,
}: {
  text: string
  label: string
  size?: number
}) {
  const [src, setSrc] = useState<string | null>(null)
  useEffect(() => {
    let alive = true
    qrSvg(text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })
      .then((svg) => {
        if (alive) setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`)
      })
      .catch(() => setSrc(null))
    return () => {
      alive = false
    }
  }, [text])
  if (src === null) return null
  return <img className="qr" src={src} width={size} height={size} alt={label} data-qr={text} />
}
