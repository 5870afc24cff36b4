/** Reads a file named on the command line, with a one-line reason a person can act on. */
import { readFile, stat } from 'node:fs/promises'
import { AppError } from '../shared/contract/result'

/** `what` prefixes the message (e.g. "selfie: cannot read x.jpg (no such file)"). */
export async function readInputFile(file: string, what?: string): Promise<Uint8Array> {
  const prefix = what === undefined ? '' : `${what}: `
  try {
    const info = await stat(file)
    if (!info.isFile()) throw new AppError('invalid_input', `${prefix}${file} is not a file`)
    return new Uint8Array(await readFile(file))
  } catch (err) {
    if (err instanceof AppError) throw err
    const code = (err as NodeJS.ErrnoException).code
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(code)
    throw new AppError('invalid_input', `${prefix}cannot read ${file} (${why})`)
  }
}
