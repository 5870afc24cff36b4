/**
 * Which successful contract calls leave an audit entry, and what it says. Pure. Calls whose
 * services write their own entries (sign-in, staff admin, deletion, purge) are not listed here:
 * those write the entry in the same transaction as the change.
 */

export interface AuditFact {
  action: string
  subject: string
  detail: Record<string, unknown>
}

export interface CallFacts {
  channel: string
  input: unknown
  output: unknown
  /** The setting's value before the call, for settings:set. */
  before?: unknown
  /** Secret settings are recorded as changed, never with their value. */
  isSecret?: (key: string) => boolean
}

export function auditFactFor(c: CallFacts): AuditFact | null {
  if (c.channel === 'jobs:capture') {
    const job = c.output as { job_id?: unknown; job_type?: unknown; images?: unknown[] }
    return {
      action: 'job.captured',
      subject: String(job.job_id),
      detail: { jobType: job.job_type, images: Array.isArray(job.images) ? job.images.length : 0 },
    }
  }
  if (c.channel === 'liveness:failed') {
    const job = c.output as { job_id?: unknown; images?: unknown[] }
    const reason = (c.input as { reason?: unknown }).reason
    return {
      action: 'job.liveness_failed',
      subject: String(job.job_id),
      detail: { reason, images: Array.isArray(job.images) ? job.images.length : 0 },
    }
  }
  if (c.channel === 'jobs:retry') {
    const { jobId, allowNewEnroll } = c.input as { jobId: string; allowNewEnroll?: boolean }
    return {
      action: 'job.retried',
      subject: jobId,
      detail: { allowNewEnroll: allowNewEnroll ?? false },
    }
  }
  if (c.channel === 'sync:run') {
    const r = c.output as { finished?: unknown; offline?: unknown; blocked?: unknown }
    return {
      action: 'sync.run',
      subject: '',
      detail: {
        finished: r.finished ?? null,
        offline: r.offline ?? null,
        blocked: r.blocked ?? null,
      },
    }
  }
  if (c.channel === 'settings:set') {
    const { key } = c.input as { key: string }
    const out = c.output as { values?: Record<string, unknown> }
    if (c.isSecret?.(key) === true) {
      return { action: 'settings.changed', subject: key, detail: { secret: true } }
    }
    return {
      action: 'settings.changed',
      subject: key,
      detail: { from: clip(c.before ?? null), to: clip(out.values?.[key] ?? null) },
    }
  }
  return null
}

/**
 * Long values are recorded by their start: an audit entry has a size limit, and the change is
 * already made when its entry is written, so an entry that cannot be written is a change unrecorded.
 */
const MAX_VALUE_CHARS = 2048
const clip = (v: unknown): unknown =>
  typeof v === 'string' && v.length > MAX_VALUE_CHARS
    ? `${v.slice(0, MAX_VALUE_CHARS)}… (${v.length} characters)`
    : v
