/**
 * The capture guards on the home screen, before anyone presses Start: why a new capture would be
 * refused (the core's own one-line reasons) and what is close to a limit. Never shown during a
 * capture; the flow's own "paused" screen stays the authority when Start is pressed (the guards
 * may have changed since this was read). On a self-service terminal customers see only that the
 * kiosk is paused, not the technical reason.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { CaptureGuards } from '../../../../electron/shared/contract/field.contract'
import { guardNotices, type GuardNotice } from '../../../../electron/shared/ui/guard-notice.policy'
import { useApi } from '../../api/ApiContext'
import { CoreError } from '../../api/kiosk-api'
import { useT } from '../../i18n/i18n'
import { errorText } from '../../../../electron/shared/contract/result'

/** Backlog and days move slowly; a job saved or synced triggers a fresh read anyway. */
const REFRESH_MS = 60_000
/** An import or a sync pass changes many jobs at once: read the guards once after the burst. */
const SETTLE_MS = 500

export function CaptureReadiness(props: { selfService: boolean; onOpenField: () => void }) {
  const api = useApi()
  const { t, lang } = useT()
  const [guards, setGuards] = useState<CaptureGuards | null>(null)
  const [error, setError] = useState<string | null>(null)

  const load = useCallback(() => {
    api.call('capture:guards', {}).then(
      (g) => {
        setGuards(g)
        setError(null)
      },
      (e: unknown) => {
        setGuards(null)
        // Staff not signed in yet at a staff desk: the capture flow asks them to; nothing to say.
        setError(e instanceof CoreError && e.code === 'unauthenticated' ? null : errorText(e))
      },
    )
  }, [api])

  const settle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  useEffect(() => {
    load()
    const timer = setInterval(load, REFRESH_MS)
    const off = api.on('jobs:changed', () => {
      clearTimeout(settle.current)
      settle.current = setTimeout(load, SETTLE_MS)
    })
    return () => {
      clearInterval(timer)
      clearTimeout(settle.current)
      off()
    }
  }, [api, load])

  if (error !== null && !props.selfService) {
    return (
      <p className="form__msg form__msg--bad readiness" role="alert">
        {error}
      </p>
    )
  }
  if (guards === null) return null
  if (props.selfService) {
    return guards.allowed ? null : (
      <p className="form__msg form__msg--bad readiness" role="alert" data-testid="guard-paused">
        {t('guard.pausedSelf')}
      </p>
    )
  }

  const notices = guardNotices(guards)
  if (notices.length === 0) return null
  const refusals = notices.filter((n) => n.kind === 'refusal')
  const warnings = notices.filter((n) => n.kind === 'warning')
  const when = (iso: string) =>
    new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso))
  const text = (n: GuardNotice): string => {
    switch (n.code) {
      case 'backlog_near':
        return t('guard.backlog_near', { backlog: n.backlog, max: n.max, n: n.left })
      case 'sync_due':
        return t('guard.sync_due', {
          last: guards.lastSyncAt === null ? t('guard.never') : when(guards.lastSyncAt),
          max: n.max,
          n: n.left,
        })
      case 'disk_near':
        return t('guard.disk_near', { free: n.free, min: n.min })
      default:
        return 'message' in n ? n.message : ''
    }
  }

  return (
    <section className="readiness" aria-labelledby="readiness-title" data-allowed={guards.allowed}>
      {refusals.length > 0 && (
        <div className="form__msg form__msg--bad" role="alert" data-testid="guard-refusals">
          <h3 id="readiness-title" className="readiness__title">
            {t('guard.refused')}
          </h3>
          <ul className="readiness__list">
            {refusals.map((n) => (
              <li key={n.code} data-guard={n.code}>
                {text(n)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {warnings.length > 0 && (
        <div className="form__msg form__msg--warn" role="status" data-testid="guard-warnings">
          {refusals.length === 0 && (
            <h3 id="readiness-title" className="readiness__title">
              {t('guard.warnings')}
            </h3>
          )}
          <ul className="readiness__list">
            {warnings.map((n, i) => (
              <li key={`${n.code}-${i}`} data-guard={n.code}>
                {text(n)}
              </li>
            ))}
          </ul>
        </div>
      )}
      <p className="readiness__summary" data-testid="guard-summary">
        {t('guard.summary', {
          backlog: guards.backlog,
          max: guards.maxBacklog === 0 ? t('guard.noLimit') : guards.maxBacklog,
          exported: guards.exportedUnsent,
          last: guards.lastSyncAt === null ? t('guard.never') : when(guards.lastSyncAt),
        })}
      </p>
      <div className="readiness__actions">
        <button type="button" className="btn btn--small btn--secondary" onClick={load}>
          {t('guard.recheck')}
        </button>
        <button type="button" className="btn btn--small btn--secondary" onClick={props.onOpenField}>
          {t('guard.openField')}
        </button>
      </div>
    </section>
  )
}
