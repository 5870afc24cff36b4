/**
 * Still images from the live video: the selfie at about 640 px and liveness frames at about
 * 320 px on the long side (Smile ID's SDK sizes, anchors-features.md §A), JPEG. Always the camera's
 * own orientation: the preview is mirrored for the person, the saved images are not.
 */
export const SELFIE_PX = 640
export const FRAME_PX = 320

export async function grabJpeg(
  video: HTMLVideoElement,
  longSide: number,
  quality = 0.9,
): Promise<Uint8Array> {
  const scale = Math.min(1, longSide / Math.max(video.videoWidth, video.videoHeight))
  const w = Math.max(1, Math.round(video.videoWidth * scale))
  const h = Math.max(1, Math.round(video.videoHeight * scale))
  const canvas = new OffscreenCanvas(w, h)
  const ctx = canvas.getContext('2d')
  if (ctx === null) throw new Error('no 2D canvas for the capture')
  ctx.drawImage(video, 0, 0, w, h)
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality })
  return new Uint8Array(await blob.arrayBuffer())
}

/** Overwrites captured bytes before they are dropped (idle wipe, cancel): defence in depth. */
export function wipe(...arrays: (Uint8Array | null | undefined)[]): void {
  for (const a of arrays) a?.fill(0)
}
