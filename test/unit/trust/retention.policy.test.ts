import { describe, expect, it } from 'vitest'
import {
  retentionDecision,
  type RetentionFacts,
} from '../../../electron/shared/trust/retention.policy'

const now = new Date('2026-03-02T12:00:00Z')
const job = (f: Partial<RetentionFacts>): RetentionFacts => ({
  state: 'complete',
  finalAt: '2026-03-01T11:00:00Z',
  imagesPurgedAt: null,
  sealedImages: 3,
  ...f,
})

describe('retentionDecision (24 h)', () => {
  it.each<[string, Partial<RetentionFacts>, ReturnType<typeof retentionDecision>]>([
    ['final 25 h ago', {}, { action: 'purge' }],
    ['final exactly 24 h ago', { finalAt: '2026-03-01T12:00:00Z' }, { action: 'purge' }],
    [
      'final 23 h ago',
      { finalAt: '2026-03-01T13:00:00Z' },
      { action: 'keep', reason: 'not_due', dueAt: '2026-03-02T13:00:00.000Z' },
    ],
    ['never synced', { state: 'captured', finalAt: null }, { action: 'keep', reason: 'not_final' }],
    ['prepared', { state: 'prepared', finalAt: null }, { action: 'keep', reason: 'not_final' }],
    ['uploaded', { state: 'uploaded', finalAt: null }, { action: 'keep', reason: 'not_final' }],
    [
      'submitted (provisional result, human review)',
      { state: 'submitted', finalAt: null },
      { action: 'keep', reason: 'not_final' },
    ],
    [
      'failed: staff may retry',
      { state: 'failed', finalAt: null },
      { action: 'keep', reason: 'not_final' },
    ],
    [
      'needs attention',
      { state: 'needs_attention', finalAt: null },
      { action: 'keep', reason: 'not_final' },
    ],
    [
      'retried after a final result (back in flight)',
      { state: 'captured' },
      { action: 'keep', reason: 'not_final' },
    ],
    [
      'already purged',
      { imagesPurgedAt: '2026-03-02T00:00:00Z' },
      { action: 'keep', reason: 'already_purged' },
    ],
    ['no images left', { sealedImages: 0 }, { action: 'keep', reason: 'already_purged' }],
    [
      'complete but no final time recorded',
      { finalAt: null },
      { action: 'keep', reason: 'not_final' },
    ],
    ['unreadable final time', { finalAt: 'yesterday' }, { action: 'keep', reason: 'not_final' }],
  ])('%s', (_n, f, expected) => {
    expect(retentionDecision(job(f), now, 24)).toEqual(expected)
  })

  it('purges at once with 0 hours', () => {
    expect(retentionDecision(job({ finalAt: '2026-03-02T12:00:00Z' }), now, 0)).toEqual({
      action: 'purge',
    })
  })
})
