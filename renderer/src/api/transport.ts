/** A transport carries contract calls and events; it knows nothing of what they mean. */
export interface Transport {
  /** Resolves with the core's Result envelope, never throws for a refused call. */
  invoke(channel: string, input: unknown): Promise<unknown>
  on(event: string, listener: (payload: unknown) => void): () => void
}

/** What the Electron preload exposes as window.kiosk. */
export interface PreloadBridge {
  call(channel: string, input: unknown): Promise<unknown>
  on(event: string, listener: (payload: unknown) => void): () => void
}

declare global {
  interface Window {
    kiosk?: PreloadBridge
  }
}
