/**
 * THE contract: every call the renderer makes of the core and every event the core pushes.
 * Each domain declares its entries in its own *.contract.ts; this file joins them. Electron IPC
 * and the browser host are two thin transports over this one object.
 */
import type { z } from 'zod'
import { jobsContract, jobsEvents } from './jobs.contract'
import { documentsContract } from './documents.contract'
import { fieldContract } from './field.contract'
import { auditContract } from './audit.contract'
import { retentionContract } from './retention.contract'
import { settingsContract } from './settings.contract'
import { staffContract } from './staff.contract'
import { syncContract, syncEvents } from './sync.contract'
import { systemContract } from './system.contract'
import { uiContract } from './ui.contract'

export { Bytes, MAX_IMAGE_BYTES } from './schema'
export { CaptureImage, CaptureInput } from './jobs.contract'
export { SystemInfo } from './system.contract'

export const contract = {
  ...systemContract,
  ...jobsContract,
  ...documentsContract,
  ...settingsContract,
  ...staffContract,
  ...auditContract,
  ...retentionContract,
  ...uiContract,
  ...syncContract,
  ...fieldContract,
} as const

export const events = {
  ...jobsEvents,
  ...syncEvents,
} as const

export type Contract = typeof contract
export type Channel = keyof Contract
export type EventName = keyof typeof events
/** What a caller passes (defaults may be omitted). */
export type CallInput<C extends Channel> = z.input<Contract[C]['input']>
/** What a handler receives (defaults applied, validated). */
export type HandlerInput<C extends Channel> = z.output<Contract[C]['input']>
export type CallOutput<C extends Channel> = z.output<Contract[C]['output']>
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>

export const CHANNELS = Object.keys(contract) as Channel[]
export const EVENT_NAMES = Object.keys(events) as EventName[]
export const isChannel = (c: string): c is Channel => Object.hasOwn(contract, c)
export const isEventName = (e: string): e is EventName => Object.hasOwn(events, e)

/** The renderer-facing API shape, derived, never written by hand. */
export type KioskApi = {
  call<C extends Channel>(channel: C, input: CallInput<C>): Promise<CallOutput<C>>
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
}
