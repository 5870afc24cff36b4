import { describe, expect, it } from 'vitest'
import {
  captureRefusals,
  refusalMessage,
  saveRefusal,
  type GuardInputs,
} from '../../../electron/shared/field/capture-guards.policy'

const DAY = 86_400_000
const NOW = Date.UTC(2026, 10, 22, 12, 0, 0)
const ok: GuardInputs = {
  freeDiskMb: 10_000,
  minFreeDiskMb: 500,
  backlog: 10,
  maxBacklog: 500,
  lastSyncAtMs: NOW - DAY,
  sinceMs: NOW - 30 * DAY,
  nowMs: NOW,
  maxDaysWithoutSync: 14,
}

describe('capture guards', () => {
  it.each<[string, Partial<GuardInputs>, string[]]>([
    ['all within limits', {}, []],
    ['disk below the threshold', { freeDiskMb: 499 }, ['disk_low']],
    ['disk exactly at the threshold', { freeDiskMb: 500 }, []],
    ['disk rule off', { freeDiskMb: 1, minFreeDiskMb: 0 }, []],
    ['backlog at the limit: the next capture would exceed it', { backlog: 500 }, ['backlog_full']],
    ['backlog one under', { backlog: 499 }, []],
    ['backlog rule off', { backlog: 100_000, maxBacklog: 0 }, []],
    ['last sync 14 days ago', { lastSyncAtMs: NOW - 14 * DAY }, ['sync_overdue']],
    ['last sync 13.9 days ago', { lastSyncAtMs: NOW - 13.9 * DAY }, []],
    ['never synced, set up 20 days ago', { lastSyncAtMs: null }, ['sync_overdue']],
    ['never synced, set up today', { lastSyncAtMs: null, sinceMs: NOW - 1000 }, []],
    ['days rule off', { lastSyncAtMs: null, maxDaysWithoutSync: 0 }, []],
    ['a clock gone backwards does not count negative days', { lastSyncAtMs: NOW + 5 * DAY }, []],
    // A forged Date header once made the kiosk's clock read year 275760: 99,979,216 days "offline".
    ['an implausible clock (year 275760) is not a sync delay', { nowMs: 8.64e15 }, []],
    ['an implausible last-sync date (1970) is not a sync delay', { lastSyncAtMs: 0 }, []],
    [
      'everything at once',
      { freeDiskMb: 1, backlog: 900, lastSyncAtMs: null },
      ['disk_low', 'backlog_full', 'sync_overdue'],
    ],
  ])('%s', (_name, change, codes) => {
    expect(captureRefusals({ ...ok, ...change }).map((r) => r.code)).toEqual(codes)
  })

  it('words each refusal so staff know what to do', () => {
    const [disk, backlog, days] = captureRefusals({
      ...ok,
      freeDiskMb: 120,
      backlog: 500,
      lastSyncAtMs: NOW - 20 * DAY,
    })
    expect(disk?.message).toBe(
      'not enough free disk space to save a capture: 120 MB free where the kiosk stores jobs, at least 500 MB needed (thresholds.minFreeDiskMb); sync and purge finished jobs or free up space',
    )
    expect(backlog?.message).toMatch(/^500 jobs are waiting for the backend .* `kiosk export`/)
    expect(days?.message).toMatch(
      /^this kiosk last reached the backend 20 days ago \(2026-11-02\) and may go at most 14 \(field.maxDaysWithoutSync\)/,
    )
    expect(refusalMessage([disk!])).toBe(disk?.message)
    expect(refusalMessage([disk!, days!])).toMatch(
      /^new captures are refused: not enough .*; this kiosk/,
    )
  })

  it.each<[number, number, boolean]>([
    [31, 500, true], // truly full: refused even for a capture that was allowed to start
    [32, 500, false],
    [100, 500, false], // below the threshold, but the capture already started: saved
    [5, 0, false], // the operator switched the disk rule off
    [5, 10, true],
  ])('the final save with %d MB free (threshold %d) is refused: %s', (free, min, refused) => {
    expect(saveRefusal(free, min) !== null).toBe(refused)
  })
})
