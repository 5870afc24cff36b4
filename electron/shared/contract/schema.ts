/** Building blocks every domain contract uses. */
import { z } from 'zod'

/** Raw bytes: Uint8Array over IPC (structured clone) and over the host's binary frames. */
export const Bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected bytes')

/** 25 MB: far above any camera frame or 600 dpi A4 scan we accept, small enough to refuse abuse. */
export const MAX_IMAGE_BYTES = 25 * 1024 * 1024

/** One contract entry: what the caller sends, what comes back. */
export const entry = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({
  input,
  output,
})
