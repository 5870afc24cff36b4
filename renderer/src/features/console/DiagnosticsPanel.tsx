/**
 * What staff (or a support call) need to know about this kiosk: version, models and execution
 * provider, face tracking in this window, cameras and scanner, backend reachability, storage.
 */
import { useEffect, useState } from 'react'
import type { SystemInfo } from '../../../../electron/shared/contract/contract'
import { useApi } from '../../api/ApiContext'
import type { CameraInfo } from '../../../../electron/shared/ui/camera-choice.policy'
import { listCameras } from '../../camera/useCamera'
import { useT } from '../../i18n/i18n'
import { sharedTracker } from '../../mediapipe/useFaceTracking'
import { useStaffSession } from './StaffGate'
import { errorText } from '../../../../electron/shared/contract/result'

export function DiagnosticsPanel(props: {
  camera: { deviceId: string; label: string }
  scanner: string
  onCameraChosen: () => void
}) {
  const api = useApi()
  const staff = useStaffSession()
  const { t } = useT()
  const [info, setInfo] = useState<SystemInfo | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [cameras, setCameras] = useState<CameraInfo[] | null>(null)
  const [tracker, setTracker] = useState<string>(t('diag.tracker.notLoaded'))

  useEffect(() => {
    api.call('system:info', { probeBackend: true }).then(setInfo, (e: unknown) => {
      staff?.onError(e)
      setError(errorText(e))
    })
    void listCameras().then(setCameras, () => setCameras([]))
  }, [api, staff])

  const loadTracker = () =>
    void sharedTracker().then(
      (tr) => setTracker(t('diag.tracker.ok', { delegate: tr.delegate, ms: tr.loadMs })),
      (e: unknown) => setTracker(errorText(e)),
    )

  const chooseCamera = (c: CameraInfo) =>
    void api
      .call('settings:set', { key: 'camera.deviceId', value: c.deviceId })
      .then(() => api.call('settings:set', { key: 'camera.label', value: c.label }))
      .then(props.onCameraChosen, (e: unknown) => setError(errorText(e)))

  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`
  return (
    <section aria-labelledby="diag-title" className="diag">
      <h2 id="diag-title">{t('console.diagnostics')}</h2>
      {error !== null && (
        <p role="alert" className="form__msg form__msg--bad">
          {error}
        </p>
      )}
      {info === null ? (
        <p aria-busy="true">{t('queue.loading')}</p>
      ) : (
        <>
          <h3>{t('diag.app')}</h3>
          <dl className="facts">
            <dt>{t('diag.version')}</dt>
            <dd data-testid="diag-version">{info.version}</dd>
            {Object.entries(info.versions).map(([k, v]) => (
              <div key={k} className="facts__pair">
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
          <h3>{t('diag.models')}</h3>
          <ul className="diag__list">
            {info.models.map((m) => (
              <li key={m.id} data-model={m.id} data-status={m.status}>
                <span className="mono">{m.file}</span> — {t(`diag.model.${m.status}`)}
                {m.message !== undefined && ` (${m.message})`}
              </li>
            ))}
          </ul>
          <dl className="facts">
            <dt>{t('diag.providers')}</dt>
            <dd>{info.executionProviders.available.join(', ') || '—'}</dd>
            <dt>{t('diag.providerChosen')}</dt>
            <dd data-testid="diag-provider">
              {info.executionProviders.chosen ?? t('diag.notStarted')}
            </dd>
            <dt>{t('diag.tracker')}</dt>
            <dd>
              {tracker}{' '}
              <button type="button" className="btn btn--small btn--secondary" onClick={loadTracker}>
                {t('diag.tracker.test')}
              </button>
            </dd>
          </dl>
          <h3>{t('diag.backend')}</h3>
          <dl className="facts">
            <dt>{t('diag.backend.mode')}</dt>
            <dd>{info.backend.mode}</dd>
            <dt>{t('diag.backend.url')}</dt>
            <dd className="mono">{info.backend.url || '—'}</dd>
            <dt>{t('diag.backend.reachable')}</dt>
            <dd data-testid="diag-reachable">
              {info.backend.reachable === null
                ? t('diag.unknown')
                : t(info.backend.reachable ? 'diag.yes' : 'diag.no')}
            </dd>
          </dl>
          {info.backend.problems.length > 0 && (
            <ul className="form__msg form__msg--warn">
              {info.backend.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
          <h3>{t('diag.storage')}</h3>
          <dl className="facts">
            <dt>{t('diag.dataDir')}</dt>
            <dd className="mono">{info.dataDir}</dd>
            <dt>{t('diag.dbSize')}</dt>
            <dd data-testid="diag-db-size">{mb(info.database.sizeBytes)}</dd>
            <dt>{t('diag.jobs')}</dt>
            <dd>
              {Object.entries(info.database.jobs)
                .map(([s, n]) => `${t(`state.${s}` as 'state.captured')}: ${n}`)
                .join(' · ') || '0'}
            </dd>
          </dl>
        </>
      )}
      <h3>{t('diag.devices')}</h3>
      <p>
        {t('diag.scanner')}: <span className="mono">{props.scanner || t('diag.none')}</span>
      </p>
      {cameras === null ? (
        <p aria-busy="true">{t('queue.loading')}</p>
      ) : cameras.length === 0 ? (
        <p>{t('camera.not_found')}</p>
      ) : (
        <ul className="diag__list" aria-label={t('diag.cameras')}>
          {cameras.map((c, i) => {
            const chosen = c.deviceId !== '' && c.deviceId === props.camera.deviceId
            return (
              <li key={c.deviceId || i} data-camera-id={c.deviceId}>
                {c.label || t('diag.cameraUnnamed', { n: i + 1 })}
                {chosen ? (
                  <strong> — {t('diag.cameraChosen')}</strong>
                ) : (
                  <button
                    type="button"
                    className="btn btn--small btn--secondary"
                    disabled={c.deviceId === ''}
                    onClick={() => chooseCamera(c)}
                  >
                    {t('diag.useCamera')}
                  </button>
                )}
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
