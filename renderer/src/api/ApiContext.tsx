/** Gives every component the same KioskApi instance. */
import { createContext, useContext, type ReactNode } from 'react'
import type { KioskApi } from '../../../electron/shared/contract/contract'

const Ctx = createContext<KioskApi | null>(null)

export function ApiProvider({ api, children }: { api: KioskApi; children: ReactNode }) {
  return <Ctx.Provider value={api}>{children}</Ctx.Provider>
}

export function useApi(): KioskApi {
  const api = useContext(Ctx)
  if (api === null) throw new Error('useApi outside ApiProvider')
  return api
}
