/**
 * The kiosk's view of time: reads (boot id, time since boot, wall clock), keeps samples of them
 * in field_clock (at start-up, at each capture, and whenever sync learns the backend's time), and
 * asks clock.policy whether the wall clock can be trusted. Sync uses `signingOffsetMs` to sign
 * with the corrected time from its first request, instead of learning it from a 2205.
 *
 * Time since boot comes from os.uptime(), which includes suspend (Linux CLOCK_BOOTTIME, Windows
 * GetTickCount64), so a laptop that slept is not taken for a clock that jumped. The boot id is
 * Linux's /proc/sys/kernel/random/boot_id; elsewhere each process counts as its own boot (jumps
 * are then detected within one run of the app, and a clock set back across runs still is).
 */
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { uptime } from 'node:os'
import {
  assessClock,
  type ClockAssessment,
  type ClockReading,
} from '../../shared/field/clock.policy'
import type { FieldRepo } from './field.repo'

export interface BootSource {
  id: string
  uptimeMs(): number
}

let processBoot: string | undefined
export function systemBoot(): BootSource {
  let id: string
  try {
    id = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()
  } catch {
    id = processBoot ??= `process:${randomUUID()}`
  }
  return { id, uptimeMs: () => Math.round(uptime() * 1000) }
}

/** Offsets smaller than this are left to sync's own Date-header check (1 s resolution). */
const MIN_SIGNING_CORRECTION_MS = 30_000

export type FieldClock = ReturnType<typeof createFieldClock>

export function createFieldClock(d: { repo: FieldRepo; clock: () => Date; boot?: BootSource }) {
  const boot = d.boot ?? systemBoot()

  function reading(): ClockReading {
    return { bootId: boot.id, uptimeMs: boot.uptimeMs(), wallMs: d.clock().getTime() }
  }

  function assessAt(now: ClockReading): ClockAssessment {
    return assessClock(now, {
      firstThisBoot: d.repo.firstOfBoot(now.bootId),
      anchorThisBoot: d.repo.anchorOfBoot(now.bootId),
      lastEarlierBoot: d.repo.lastOtherBoot(now.bootId),
    })
  }

  /** Records a sample; returns the reading and what the clock looked like just before it. */
  function sample(source: string): { reading: ClockReading; assessment: ClockAssessment } {
    const now = reading()
    const assessment = assessAt(now)
    d.repo.addSample({ ...now, serverMs: null }, source)
    d.repo.pruneSamples()
    return { reading: now, assessment }
  }

  return {
    reading,
    sample,
    /** The reading and its assessment, without recording a sample. */
    look(): { reading: ClockReading; assessment: ClockAssessment } {
      const now = reading()
      return { reading: now, assessment: assessAt(now) }
    },
    assess: (): ClockAssessment => assessAt(reading()),
    /** Sync measured the backend's clock minus ours just now (HTTP Date). */
    noteServerOffset(offsetMs: number): void {
      const now = reading()
      d.repo.addSample({ ...now, serverMs: now.wallMs + offsetMs }, 'sync')
      d.repo.pruneSamples()
    },
    /** For sync, before a pass: a correction to sign with when the error is known and large,
     * and whether the clock is in doubt (jumped, reset) so the backend's time is read first. */
    beforeSync(): { offsetMs: number | null; verify: boolean } {
      const a = assessAt(reading())
      const offsetMs =
        a.offsetMs !== null && Math.abs(a.offsetMs) >= MIN_SIGNING_CORRECTION_MS ? a.offsetMs : null
      return { offsetMs, verify: a.state === 'unverified' || a.state === 'wrong' }
    },
    warning: (): string | null => assessAt(reading()).warning,
  }
}
