/** The core's outgoing events, typed by the contract. Transports subscribe and forward. */
import type { EventName, EventPayload } from '../shared/contract/contract'

export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void

export interface EventBus {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void
  subscribe(listener: EventListener): () => void
}

export function createEventBus(): EventBus {
  const listeners = new Set<EventListener>()
  return {
    emit(event, payload) {
      for (const l of listeners) {
        // One broken subscriber (a closed socket) must not stop the others hearing the event.
        try {
          l(event, payload)
        } catch {
          listeners.delete(l)
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
