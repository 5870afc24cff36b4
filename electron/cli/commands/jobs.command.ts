/** `kiosk jobs list|show`: what is in the store, and each job's full history. */
import type { Command } from 'commander'
import { JOB_STATES, JobState, type JobDetail, type JobSummary } from '../../shared/domain/job'
import { print, table, usageError, type GlobalOptions } from '../output'
import { call, withCore } from '../with-core'

export function registerJobsCommands(program: Command, globals: () => GlobalOptions): void {
  const jobs = program.command('jobs').description('list and inspect captured jobs')

  jobs
    .command('list')
    .description('list jobs, newest first')
    .option('--state <state>', `only jobs in this state (${JOB_STATES.join(', ')})`)
    .option('--limit <n>', 'at most this many jobs', '200')
    .action(async (flags: { state?: string; limit: string }) => {
      const opts = globals()
      const state = flags.state === undefined ? undefined : JobState.safeParse(flags.state)
      if (state !== undefined && !state.success) {
        throw usageError(`unknown state "${flags.state}"; states: ${JOB_STATES.join(', ')}`)
      }
      const limit = Number(flags.limit)
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
        throw usageError('--limit is a whole number from 1 to 1000')
      }
      const list = await withCore(opts, (core) =>
        call(core, 'jobs:list', {
          limit,
          ...(state?.data === undefined ? {} : { state: state.data }),
        }),
      )
      print(opts, list, () => describeList(list))
    })

  jobs
    .command('show')
    .description('one job: images, local checks, backend result and state history')
    .argument('<job-id>')
    .action(async (jobId: string) => {
      const opts = globals()
      const job = await withCore(opts, (core) => call(core, 'jobs:get', { jobId }))
      print(opts, job, () => describeJob(job))
    })
}

function describeList(list: JobSummary[]): string {
  if (list.length === 0) return 'No jobs.'
  return table(
    ['JOB ID', 'USER', 'TYPE', 'STATE', 'TRIES', 'UPDATED', 'RESULT / ERROR'],
    list.map((j) => [
      j.job_id,
      j.user_id,
      j.job_type === 4 ? 'enrol' : 'auth',
      j.state,
      String(j.attempts),
      j.updated_at.replace('T', ' ').slice(0, 19),
      j.result_text ?? j.last_error?.message ?? '',
    ]),
  )
}

function describeJob(j: JobDetail): string {
  const lines = [
    `Job ${j.job_id} — ${j.job_type === 4 ? 'enrolment (type 4)' : 'authentication (type 2)'} for user ${j.user_id}`,
    `  state:    ${j.state}   attempts: ${j.attempts}`,
    `  created:  ${j.created_at}   updated: ${j.updated_at}`,
    `  images:   ${j.images.map((i) => `${i.kind}${i.kind === 'liveness' ? `#${i.seq + 1}` : ''} ${i.width}×${i.height}`).join(', ')}`,
  ]
  if (j.last_error) lines.push(`  error:    ${j.last_error.message} (${j.last_error.code})`)
  if (j.backend_result) {
    const r = j.backend_result
    lines.push(`  result:   ${text(r.ResultCode)} ${text(r.ResultText)}`.trimEnd())
    if (r.Actions && typeof r.Actions === 'object') {
      for (const [k, v] of Object.entries(r.Actions)) lines.push(`            ${k}: ${text(v)}`)
    }
  }
  lines.push('  history:')
  for (const e of j.history) {
    lines.push(`    ${e.at}  ${e.event.padEnd(18)} ${e.from ?? '—'} → ${e.to}`)
  }
  return lines.join('\n')
}

const text = (v: unknown): string =>
  typeof v === 'string' || typeof v === 'number' ? String(v) : ''
