/** What every job step shares: the backend endpoint, the step dependencies, step results. */
import type { Credentials } from '../protocol/signature'
import type { JobState } from '../../shared/domain/job'
import type { JobsRepo } from '../store/jobs.repo'
import type { HttpClient } from './http-client'
import type { SyncRepo } from './sync.repo'

export interface Endpoint {
  mode: 'demo' | 'live'
  /** Base URL ending in /v1, no trailing slash. */
  baseUrl: string
  creds: Credentials
  ca?: string | undefined
  callbackUrl?: string | undefined
  relayUrl?: string | undefined
  /** partner_params.sandbox_result is sent only to a sandbox, never to production. */
  forwardSandboxParams: boolean
}

export interface StepDeps {
  repo: SyncRepo
  jobs: JobsRepo
  http: HttpClient
  endpoint: Endpoint
  clock: () => Date
  random: () => number
  version: string
  /** The clock used for signatures: the local one, corrected when the backend's differs. */
  signingNow: () => Date
  noteServerDate: (ms: number | null) => void
  /** After a 2205: adopt the backend's clock if it differs; true when that is worth a retry. */
  adoptServerClock: () => boolean
  changed: (jobId: string, state: JobState) => void
  /** Test hook: the sync CLI turns a named point into SIGKILL (KIOSK_SYNC_CRASH_AT). */
  crash: (point: string) => void
}

/** What happened to the job this turn. */
export type StepResult =
  | { kind: 'waiting' }
  | { kind: 'done' }
  | { kind: 'offline'; reason: string }
  | { kind: 'paused'; untilMs: number; reason: string }
  | { kind: 'blocked'; reason: string }

/** What this process knows about a job beyond the store (lost on restart, by design). */
export interface JobMemory {
  preparedHere: boolean
  putUncertain: boolean
  forceRetry: boolean
  badSignatures: number
}

export type Step = { next: true } | { next: false; result: StepResult }
export const NEXT: Step = { next: true }
export const stop = (result: StepResult): Step => ({ next: false, result })
