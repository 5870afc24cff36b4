/** `kiosk enrol` and `kiosk auth`: capture a job from image files into the store. */
import { basename } from 'node:path'
import type { Command } from 'commander'
import type { CaptureImage } from '../../shared/contract/contract'
import type { ImageKind, JobDetail } from '../../shared/domain/job'
import { readInputFile } from '../input-file'
import { print, usageError, type GlobalOptions } from '../output'
import { call, withCore } from '../with-core'

interface CaptureFlags {
  userId: string
  jobId?: string
  selfie: string
  liveness?: string[]
  idFront?: string
  idBack?: string
  meta?: string[]
}

export function registerCaptureCommands(program: Command, globals: () => GlobalOptions): void {
  for (const [name, jobType, summary] of [
    ['enrol', 4, 'capture an enrolment (job type 4) for a new user from image files'],
    ['auth', 2, 'capture an authentication (job type 2) of an enrolled user from image files'],
  ] as const) {
    program
      .command(name)
      .description(summary)
      .requiredOption('--user-id <id>', 'the customer identifier')
      .option('--job-id <id>', 'job id to use (default: a new job-<uuid>)')
      .requiredOption('--selfie <file>', 'the selfie (JPEG, PNG, WebP or TIFF)')
      .option('--liveness <files...>', 'liveness frames, 6 to 8 recommended')
      .option('--id-front <file>', 'ID document front')
      .option('--id-back <file>', 'ID document back')
      .option('--meta <key=value...>', 'extra capture metadata stored with the job')
      .action(async (flags: CaptureFlags) => {
        const opts = globals()
        const images = await readImages(flags)
        const metadata = { source: 'cli', ...parseMeta(flags.meta ?? []) }
        const job = await withCore(opts, (core) =>
          call(core, 'jobs:capture', {
            jobType,
            userId: flags.userId,
            ...(flags.jobId === undefined ? {} : { jobId: flags.jobId }),
            images,
            metadata,
          }),
        )
        print(opts, job, () => describeCaptured(job))
      })
  }
}

async function readImages(flags: CaptureFlags): Promise<CaptureImage[]> {
  const wanted: [ImageKind, string][] = [['selfie', flags.selfie]]
  for (const f of flags.liveness ?? []) wanted.push(['liveness', f])
  if (flags.idFront !== undefined) wanted.push(['id_front', flags.idFront])
  if (flags.idBack !== undefined) wanted.push(['id_back', flags.idBack])
  return Promise.all(
    wanted.map(async ([kind, file]) => ({
      kind,
      bytes: await readInputFile(file, kind),
      name: basename(file),
    })),
  )
}

function parseMeta(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const p of pairs) {
    const at = p.indexOf('=')
    if (at <= 0) throw usageError(`--meta expects key=value, got "${p}"`)
    out[p.slice(0, at)] = p.slice(at + 1)
  }
  return out
}

function describeCaptured(job: JobDetail): string {
  const kind = job.job_type === 4 ? 'enrolment' : 'authentication'
  const counts = job.images.reduce<Record<string, number>>(
    (acc, i) => ({ ...acc, [i.kind]: (acc[i.kind] ?? 0) + 1 }),
    {},
  )
  const parts = Object.entries(counts).map(([k, n]) => `${n} ${k.replace('_', ' ')}`)
  return [
    `Saved ${kind} job ${job.job_id} for user ${job.user_id} (state: ${job.state}).`,
    `  images: ${parts.join(', ')}`,
    '  It will be sent to the backend by `kiosk sync` or by the app when online.',
  ].join('\n')
}
