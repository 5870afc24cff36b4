import { describe, expect, it } from 'vitest'
import type { CaptureGuards } from '../../../electron/shared/contract/field.contract'
import {
  daysSinceSync,
  guardNotices,
  nearLimit,
} from '../../../electron/shared/ui/guard-notice.policy'

const base: CaptureGuards = {
  allowed: true,
  reasons: [],
  warnings: [],
  checkedAt: '2026-11-22T12:00:00.000Z',
  freeDiskMb: 10_000,
  minFreeDiskMb: 500,
  backlog: 0,
  maxBacklog: 500,
  exportedUnsent: 0,
  lastSyncAt: '2026-11-22T08:00:00.000Z',
  maxDaysWithoutSync: 14,
}

describe('nearLimit: within a quarter of the limit, at least one step', () => {
  it.each([
    [0, 500, false],
    [374, 500, false],
    [375, 500, true],
    [499, 500, true],
    [500, 500, false], // at the limit: a refusal, not a warning
    [1, 3, false],
    [2, 3, true],
    [9, 14, false],
    [10, 14, true],
    [0, 1, true],
    [5, 0, false], // 0: no limit
  ])('%i of %i → %s', (used, limit, near) => expect(nearLimit(used, limit)).toBe(near))
})

describe('daysSinceSync', () => {
  it.each<[string | null, string, number | null]>([
    [null, base.checkedAt, null],
    ['2026-11-22T08:00:00.000Z', base.checkedAt, 0],
    ['2026-11-11T12:00:00.000Z', base.checkedAt, 11],
    ['2026-11-11T12:00:01.000Z', base.checkedAt, 10],
    ['2026-11-23T12:00:00.000Z', base.checkedAt, 0], // last sync "in the future": clock moved
    ['garbage', base.checkedAt, null],
  ])('%s → %s', (lastSyncAt, checkedAt, days) =>
    expect(daysSinceSync({ lastSyncAt, checkedAt })).toBe(days),
  )
})

describe('guardNotices', () => {
  it.each<[string, Partial<CaptureGuards>, object[]]>([
    ['nothing to say', {}, []],
    [
      'backlog close to its limit',
      { backlog: 2, maxBacklog: 3 },
      [{ kind: 'warning', code: 'backlog_near', backlog: 2, max: 3, left: 1 }],
    ],
    [
      'backlog full: the core refusal, no second warning about the same limit',
      {
        allowed: false,
        backlog: 3,
        maxBacklog: 3,
        reasons: [{ code: 'backlog_full', message: '3 jobs are waiting…' }],
      },
      [{ kind: 'refusal', code: 'backlog_full', message: '3 jobs are waiting…' }],
    ],
    [
      'eleven days without sync of fourteen',
      { lastSyncAt: '2026-11-11T11:00:00.000Z' },
      [{ kind: 'warning', code: 'sync_due', days: 11, max: 14, left: 3 }],
    ],
    ['never synced: no day count to warn with', { lastSyncAt: null }, []],
    [
      'disk under twice its minimum',
      { freeDiskMb: 900 },
      [{ kind: 'warning', code: 'disk_near', free: 900, min: 500 }],
    ],
    ['disk rule off', { freeDiskMb: 10, minFreeDiskMb: 0 }, []],
    [
      'the core’s own warning (clock) comes last, as sent',
      { warnings: ['the clock jumped 3 h ahead'], backlog: 450 },
      [
        { kind: 'warning', code: 'backlog_near', backlog: 450, max: 500, left: 50 },
        { kind: 'warning', code: 'core', message: 'the clock jumped 3 h ahead' },
      ],
    ],
    [
      'several refusals, in the core’s order, before any warning',
      {
        allowed: false,
        freeDiskMb: 100,
        backlog: 499,
        reasons: [
          { code: 'disk_low', message: 'not enough free disk space' },
          { code: 'sync_overdue', message: 'this kiosk last reached the backend 20 days ago' },
        ],
      },
      [
        { kind: 'refusal', code: 'disk_low', message: 'not enough free disk space' },
        {
          kind: 'refusal',
          code: 'sync_overdue',
          message: 'this kiosk last reached the backend 20 days ago',
        },
        { kind: 'warning', code: 'backlog_near', backlog: 499, max: 500, left: 1 },
      ],
    ],
  ])('%s', (_n, patch, expected) => {
    expect(guardNotices({ ...base, ...patch })).toEqual(expected)
  })
})
