/** `kiosk jobs list|show`: what is in the store, and each job's full history. */
import type { Command } from 'commander'
import { JOB_STATES, JobState, type JobDetail, type JobSummary } from '../../shared/domain/job'
import { resultOutcome } from '../../core/protocol/result-codes'
import { print, table, numberOption, usageError, type GlobalOptions } from '../output'
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
      const limit = numberOption(flags.limit, '--limit', { min: 1, max: 1000 })
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
  lines.push(...describeLocalChecks(j.local_checks))
  if (j.backend_result) {
    const r = j.backend_result
    const final =
      String(r.IsFinalResult) === 'false' ? 'provisional, final result pending' : 'final'
    lines.push(`  result:   ${text(r.ResultCode)} ${text(r.ResultText)}`.trimEnd())
    lines.push(
      `            ${resultOutcome(text(r.ResultCode))}, ${final}; smile job ${text(r.SmileJobID) || '?'}, confidence ${text(r.ConfidenceValue) || '?'}`,
    )
    if (r.Actions && typeof r.Actions === 'object') {
      // "Not Applicable" Actions are most of them for SmartSelfie jobs: counted, not listed.
      const actions = Object.entries(r.Actions)
      const na = actions.filter(([, v]) => v === 'Not Applicable').length
      lines.push(
        `  actions:  ${actions
          .filter(([, v]) => v !== 'Not Applicable')
          .map(([k, v]) => `${k}: ${text(v)}`)
          .join(', ')}${na > 0 ? ` (+${na} not applicable)` : ''}`,
      )
    }
  }
  lines.push('  history:')
  for (const e of j.history) {
    const why =
      e.detail === null ? '' : text(e.detail.code ?? e.detail.reason ?? e.detail.ResultCode ?? '')
    lines.push(
      `    ${e.at}  ${e.event.padEnd(18)} ${e.from ?? '—'} → ${e.to}${why ? `  (${why})` : ''}`,
    )
  }
  return lines.join('\n')
}

/**
 * One line per local check area (face, documents …): its decision and label, the reason, and the
 * warning codes. The full detail (scores, boxes, timings) is in --json.
 */
function describeLocalChecks(checks: Record<string, unknown> | null): string[] {
  if (checks === null) return ['  checks:   none recorded']
  const lines: string[] = []
  for (const [area, value] of Object.entries(checks)) {
    if (value === null || typeof value !== 'object') continue
    const c = value as Record<string, unknown>
    const verdict = [text(c.decision), text(c.label)].filter(Boolean).join(' ')
    const warnings = Array.isArray(c.warnings)
      ? (c.warnings as Record<string, unknown>[]).map((w) => text(w.code)).filter(Boolean)
      : []
    const reason = text(c.reason)
    lines.push(
      `  ${`${area}:`.padEnd(10)}${verdict || 'recorded'}${reason ? ` — ${reason}` : ''}` +
        (warnings.length > 0 ? ` [${warnings.join(', ')}]` : ''),
    )
  }
  return lines.length > 0 ? [`  checks (local, advisory):`, ...lines.map((l) => `  ${l}`)] : []
}

const text = (v: unknown): string =>
  typeof v === 'string' || typeof v === 'number' ? String(v) : ''
