/**
 * Sync at a glance above the queue: connected or not (and why), an account-level block, when
 * the last pass ran and what waits. Live from the sync engine's `sync:status` event.
 */
import { useEffect, useState } from 'react'
import type { SyncStatus as Status } from '../../../../electron/shared/contract/sync.contract'
import { useApi } from '../../api/ApiContext'
import { useT } from '../../i18n/i18n'

export function SyncStatus() {
  const api = useApi()
  const { t, lang } = useT()
  const [status, setStatus] = useState<Status | null>(null)
  useEffect(() => {
    api.call('sync:status', {}).then(setStatus, () => setStatus(null))
    return api.on('sync:status', setStatus)
  }, [api])
  if (status === null) return null
  const waiting = Object.entries(status.queue)
    .filter(([s]) => s !== 'complete' && s !== 'failed')
    .reduce((n, [, v]) => n + v, 0)
  const when =
    status.lastPassAt === null
      ? '—'
      : new Intl.DateTimeFormat(lang, { timeStyle: 'short' }).format(new Date(status.lastPassAt))
  return (
    <div
      className={`sync sync--${status.connectivity}`}
      role="status"
      data-connectivity={status.connectivity}
    >
      <strong>{t(`sync.${status.connectivity}`)}</strong>
      {status.offlineReason !== null && <span> — {status.offlineReason}</span>}
      <span> · {t('sync.waiting', { n: waiting })}</span>
      <span> · {t('sync.lastPass', { when })}</span>
      {status.blocked !== null && (
        <p className="form__msg form__msg--bad" role="alert">
          {t('sync.blocked')} {status.blocked}
        </p>
      )}
    </div>
  )
}
