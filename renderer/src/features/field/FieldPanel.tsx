/**
 * The staff console's field screen: status (`field:status`), export to a folder and import of a
 * bundle. Keys and trusted laptops are set up with `kiosk field …` by the operator (the CLI), not
 * here: who a branch machine trusts is the machine owner's decision (see access.policy).
 */
import { useCallback, useEffect, useState } from 'react'
import type { CallOutput } from '../../../../electron/shared/contract/contract'
import { useApi } from '../../api/ApiContext'
import { useT } from '../../i18n/i18n'
import { useStaffSession } from '../console/StaffGate'
import { ExportForm } from './ExportForm'
import { FieldStatusView } from './FieldStatusView'
import { ImportForm } from './ImportForm'
import { errorText } from '../../../../electron/shared/contract/result'

export function FieldPanel() {
  const api = useApi()
  const staff = useStaffSession()
  const { t } = useT()
  const [status, setStatus] = useState<CallOutput<'field:status'> | null>(null)
  const [error, setError] = useState<string | null>(null)

  const load = useCallback(() => {
    api.call('field:status', {}).then(
      (s) => {
        setStatus(s)
        setError(null)
      },
      (e: unknown) => {
        staff?.onError(e)
        setError(errorText(e))
      },
    )
  }, [api, staff])
  useEffect(load, [load])

  // A branch machine (reads bundles, exports none) shows import first; a laptop, export. Keyed,
  // so a form keeps what was typed when the order changes as the status arrives.
  const branch = status !== null && status.recipientKey !== null && status.recipientKeySet === null
  const forms = [
    <ExportForm key="export" onDone={load} />,
    <ImportForm key="import" onDone={load} />,
  ]

  return (
    <section aria-labelledby="field-title" className="field">
      <h2 id="field-title">{t('field.title')}</h2>
      {error !== null && (
        <p role="alert" className="form__msg form__msg--bad">
          {error}
        </p>
      )}
      <h3>{t('field.status')}</h3>
      {status === null ? (
        error === null && <p aria-busy="true">{t('queue.loading')}</p>
      ) : (
        <FieldStatusView status={status} />
      )}
      <div className="field__forms">{branch ? [forms[1], forms[0]] : forms}</div>
    </section>
  )
}
