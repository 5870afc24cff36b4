/** The error envelope every boundary (IPC, browser host, CLI --json) uses: errors cross as data. */
import { z } from 'zod'

/** Closed set of error codes. Add a code here before throwing it anywhere. */
export const ERROR_CODES = [
  'invalid_input', // the caller sent something malformed; fix the input
  'bad_image', // an image could not be decoded or is not an accepted format
  'not_found',
  'conflict', // e.g. duplicate job id
  'illegal_transition', // job state machine refused a change
  'models_missing', // a model file is absent or its hash is wrong
  'unavailable', // a dependency (backend, inference process, device) cannot be reached
  'storage', // the database or disk failed
  'forbidden',
  'unauthenticated', // no staff session on this screen, or it ended (idle): sign in (again)
  'internal',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export const AppErrorShape = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
})
export type AppErrorShape = z.infer<typeof AppErrorShape>

/** The message of anything thrown: an Error's message, else the value as text. */
export const errorText = (err: unknown): string =>
  err instanceof Error ? err.message : String(err)

/** An error meant for a person: `message` is one line a staff member can act on. */
export class AppError extends Error {
  readonly code: ErrorCode
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'AppError'
    this.code = code
  }
  toShape(): AppErrorShape {
    return { code: this.code, message: this.message }
  }
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape }

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })

/** Turns anything thrown into the envelope; unknown errors are not leaked verbatim. */
export function toErrorShape(err: unknown): AppErrorShape {
  if (err instanceof AppError) return err.toShape()
  if (err instanceof z.ZodError) return { code: 'invalid_input', message: describeZodError(err) }
  return { code: 'internal', message: errorText(err) }
}

/** One line per problem, `path: message`, so staff can see what to fix. */
export function describeZodError(err: z.ZodError): string {
  return err.issues
    .map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ')
}
