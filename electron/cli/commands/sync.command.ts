/**
 * `kiosk sync [--once]`, `kiosk sync status`, `kiosk jobs retry <job-id>`: send queued jobs to the
 * backend (the bundled sandbox in demo mode) and fetch their results; relay final results.
 */
import type { Command } from 'commander'
import { openCore, type Core } from '../../core/core'
import type { SyncRunSummary, SyncStatus } from '../../shared/contract/sync.contract'
import { print, numberOption, type GlobalOptions } from '../output'
import { call, withCore } from '../with-core'

export function registerSyncCommands(
  program: Command,
  globals: () => GlobalOptions,
  setExit: (code: number) => void,
): void {
  const sync = program
    .command('sync')
    .description(
      'send queued jobs to the backend and fetch their results (demo mode: the bundled sandbox)',
    )
    .option('--once', 'one pass: send what is queued, wait for results, then exit')
    .option('--wait <s>', 'with --once: how long to wait for results still being decided', '60')
    .option('--concurrency <n>', 'jobs in flight at once (default: setting sync.concurrency)')
    .action(async (flags: { once?: boolean; wait: string; concurrency?: string }) => {
      const opts = globals()
      const waitSec = numberOption(flags.wait, '--wait', { min: 0, max: 86_400 })
      const concurrency =
        flags.concurrency === undefined
          ? undefined
          : numberOption(flags.concurrency, '--concurrency', { min: 1, max: 64 })
      const crash = crashHook(process.env.KIOSK_SYNC_CRASH_AT)
      const core = openCore({ dataDir: opts.dataDir })
      try {
        if (flags.once) {
          const summary = await core.sync.run({
            waitSec,
            ...(concurrency ? { concurrency } : {}),
            crash,
          })
          print(opts, summary, () => describeRun(summary))
          if (summary.offline || summary.blocked !== null) setExit(1)
        } else {
          await runLoop(core, opts, { ...(concurrency ? { concurrency } : {}), crash })
        }
      } finally {
        await core.sync.close()
        core.close()
      }
    })

  sync
    .command('status')
    .description('what sync knows: backend, online/offline, queue per state, relay')
    .action(async () => {
      const opts = globals()
      const status = await withCore(opts, (core) => call(core, 'sync:status', {}))
      print(opts, status, () => describeStatus(status))
    })

  const jobs = program.commands.find((c) => c.name() === 'jobs')
  ;(jobs ?? program)
    .command(jobs ? 'retry' : 'jobs-retry')
    .description('put a failed job, or one needing attention, back in the sync queue')
    .argument('<job-id>')
    .option(
      '--allow-new-enroll',
      're-enrol a user id the backend already has enrolled (the answer to error 2209)',
    )
    .action(async (jobId: string, flags: { allowNewEnroll?: boolean }) => {
      const opts = globals()
      const job = await withCore(opts, (core) =>
        call(core, 'jobs:retry', { jobId, allowNewEnroll: flags.allowNewEnroll === true }),
      )
      print(
        opts,
        job,
        () =>
          `Job ${job.job_id} is queued again (state: ${job.state}); \`kiosk sync\` will send it.`,
      )
    })
}

async function runLoop(
  core: Core,
  opts: GlobalOptions,
  o: { concurrency?: number; crash: (p: string) => void },
): Promise<void> {
  let last = ''
  const unsubscribe = core.events.subscribe((event, payload) => {
    if (event !== 'sync:status') return
    const s = payload as SyncStatus
    const line = opts.json
      ? JSON.stringify(s)
      : `${new Date().toISOString()}  ${describeStatus(s).split('\n')[0] ?? ''}  ${queueLine(s.queue)}`
    if (line !== last) process.stdout.write(line + '\n')
    last = line
  })
  core.sync.startLoop(o)
  const first = core.sync.status()
  const start = { started: true, mode: first.mode, pid: process.pid }
  process.stdout.write(
    opts.json ? JSON.stringify(start) + '\n' : `Syncing in ${first.mode} mode; Ctrl+C stops.\n`,
  )
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve()
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
  unsubscribe()
  await core.sync.stopLoop()
}

/**
 * KIOSK_SYNC_CRASH_AT=<point>[:<n>] kills this process with SIGKILL the n-th time (default 1st)
 * sync reaches <point> (before-prep, after-prep-response, after-prep-recorded, before-put,
 * after-put-response, after-put-recorded, after-poll-response, after-result-recorded,
 * relay-after-response). It exists for the crash tests: a real SIGKILL at an exact step.
 */
function crashHook(spec: string | undefined): (point: string) => void {
  if (spec === undefined || spec === '') return () => undefined
  const [point, nth] = spec.split(':')
  let left = nth === undefined ? 1 : Number(nth)
  return (p) => {
    if (p === point && --left === 0) process.kill(process.pid, 'SIGKILL')
  }
}

const STATE_WORDS: [string, string][] = [
  ['complete', 'complete'],
  ['submitted', 'awaiting a final result'],
  ['uploaded', 'uploaded'],
  ['prepared', 'prepared'],
  ['captured', 'not sent yet'],
  ['needs_attention', 'need attention'],
  ['failed', 'failed'],
]

function queueLine(q: Record<string, number>): string {
  const parts = STATE_WORDS.filter(([k]) => (q[k] ?? 0) > 0).map(([k, w]) => `${q[k]} ${w}`)
  return parts.length === 0 ? 'no jobs' : parts.join(', ')
}

function describeRun(s: SyncRunSummary): string {
  const where =
    s.mode === 'demo'
      ? `demo mode, bundled sandbox at ${s.backendUrl ?? '?'}`
      : `live mode, ${s.backendUrl ?? '?'}`
  const lines = [
    `Sync (${where}): ${s.finished} job${s.finished === 1 ? '' : 's'} finished in ${(s.durationMs / 1000).toFixed(1)} s.`,
  ]
  if (s.offline) {
    lines.push(
      `  Backend unreachable: ${s.offlineReason ?? 'offline'}. Queued jobs stay queued and go when it is back.`,
    )
  }
  if (s.blocked) lines.push(`  Sync is paused: ${s.blocked}`)
  if (s.clockOffsetSec !== null && Math.abs(s.clockOffsetSec) >= 60) {
    lines.push(
      `  Note: this device's clock differs from the backend's by ${s.clockOffsetSec} s; signatures use the backend's time.`,
    )
  }
  lines.push(`  jobs: ${queueLine(s.queue)}`)
  if ((s.queue.needs_attention ?? 0) > 0) {
    lines.push('  See `kiosk jobs list --state needs_attention` for what staff must do.')
  }
  if (s.relay.configured || s.relay.pending > 0) {
    lines.push(
      `  relay to the bank: ${s.relay.delivered} delivered, ${s.relay.pending} waiting${s.relay.lastError ? ` (last error: ${s.relay.lastError})` : ''}`,
    )
  }
  return lines.join('\n')
}

function describeStatus(s: SyncStatus): string {
  const net = s.blocked
    ? `paused: ${s.blocked}`
    : s.connectivity === 'offline'
      ? `offline: ${s.offlineReason ?? ''}`
      : s.connectivity
  return [
    `Sync: ${s.mode} mode${s.backendUrl ? `, ${s.backendUrl}` : ''}; ${net}${s.running ? '; running now' : ''}`,
    `  jobs: ${queueLine(s.queue)}`,
    ...(s.nextAttemptAt ? [`  next try: ${s.nextAttemptAt}`] : []),
    ...(s.lastPassAt ? [`  last pass: ${s.lastPassAt}`] : []),
    ...(s.clockWarning ? [`  ! ${s.clockWarning}`] : []),
    `  relay: ${s.relay.configured ? `${s.relay.delivered} delivered, ${s.relay.pending} waiting` : 'not configured (relay.url)'}${s.relay.lastError ? `; last error: ${s.relay.lastError}` : ''}`,
  ].join('\n')
}
