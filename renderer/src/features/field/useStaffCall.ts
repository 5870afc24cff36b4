/**
 * One staff action sent from a form (export, import): busy while it runs, then the core's answer
 * or its one-line refusal. An ended staff session brings the sign-in form back (StaffGate).
 */
import { useState } from 'react'
import type { CallInput, CallOutput, Channel } from '../../../../electron/shared/contract/contract'
import { useApi } from '../../api/ApiContext'
import { useStaffSession } from '../console/StaffGate'
import { errorText } from '../../../../electron/shared/contract/result'

export function useStaffCall<C extends Channel>(channel: C, onDone: () => void) {
  const api = useApi()
  const staff = useStaffSession()
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<CallOutput<C> | null>(null)
  const [error, setError] = useState<string | null>(null)

  const run = (input: CallInput<C>) => {
    setBusy(true)
    setError(null)
    setResult(null)
    api
      .call(channel, input)
      .then(
        (r) => {
          setResult(r)
          onDone()
        },
        (err: unknown) => {
          staff?.onError(err)
          setError(errorText(err))
        },
      )
      .finally(() => setBusy(false))
  }
  return { busy, result, error, run }
}
