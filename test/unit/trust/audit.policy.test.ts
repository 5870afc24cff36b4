import { describe, expect, it } from 'vitest'
import { auditFactFor } from '../../../electron/shared/trust/audit.policy'

describe('auditFactFor', () => {
  it('records a capture by job id and image count, no personal data', () => {
    const f = auditFactFor({
      channel: 'jobs:capture',
      input: { userId: 'customer-42', images: [] },
      output: { job_id: 'job-1', job_type: 4, user_id: 'customer-42', images: [{}, {}, {}] },
    })
    expect(f).toEqual({
      action: 'job.captured',
      subject: 'job-1',
      detail: { jobType: 4, images: 3 },
    })
    expect(JSON.stringify(f)).not.toContain('customer-42')
  })

  it('records a setting change from → to', () => {
    const f = auditFactFor({
      channel: 'settings:set',
      input: { key: 'backend.url', value: 'https://b' },
      output: { values: { 'backend.url': 'https://b' } },
      before: 'https://a',
      isSecret: () => false,
    })
    expect(f).toEqual({
      action: 'settings.changed',
      subject: 'backend.url',
      detail: { from: 'https://a', to: 'https://b' },
    })
  })

  it('never records a secret value, old or new', () => {
    const f = auditFactFor({
      channel: 'settings:set',
      input: { key: 'backend.apiKey', value: 'sk-live-123' },
      output: { values: { 'backend.apiKey': 'set' } },
      before: 'sk-old-999',
      isSecret: (k) => k === 'backend.apiKey',
    })
    expect(f).toEqual({
      action: 'settings.changed',
      subject: 'backend.apiKey',
      detail: { secret: true },
    })
  })

  it('leaves reads alone', () => {
    expect(auditFactFor({ channel: 'jobs:list', input: {}, output: [] })).toBeNull()
  })
})

describe('auditFactFor, other calls that change something', () => {
  it.each([
    [
      'liveness:failed',
      { reason: 'session_timeout' },
      { job_id: 'job-9', images: [{}] },
      {
        action: 'job.liveness_failed',
        subject: 'job-9',
        detail: { reason: 'session_timeout', images: 1 },
      },
    ],
    [
      'jobs:retry',
      { jobId: 'job-3', allowNewEnroll: true },
      {},
      { action: 'job.retried', subject: 'job-3', detail: { allowNewEnroll: true } },
    ],
    [
      'sync:run',
      {},
      { finished: 4, offline: false, blocked: null },
      { action: 'sync.run', subject: '', detail: { finished: 4, offline: false, blocked: null } },
    ],
  ])('%s', (channel, input, output, expected) => {
    expect(auditFactFor({ channel, input, output })).toEqual(expected)
  })
})
