/**
 * Getting an ID document in: photographed with the camera (the documents feature's
 * DocumentCapture: auto-capture when sharp, flat and glare-free) or chosen as a file (a scanner's
 * export), then read by the core (documents:read: MRZ with check digits, image checks). The
 * person sees what was read before going on; nothing is stored until the job is saved.
 */
import { useState } from 'react'
import type { DocumentReport } from '../../../../electron/shared/documents/document-report'
import { useApi } from '../../api/ApiContext'
import { useCamera } from '../../camera/useCamera'
import { useT } from '../../i18n/i18n'
import { DocumentCapture, type CapturedSide } from '../document/DocumentCapture'
import { DecisionBadge } from './CheckList'
import type { CapturedDocument } from '../../../../electron/shared/ui/capture-flow.policy'
import { errorText } from '../../../../electron/shared/contract/result'

/** Same limit the core applies (MAX_IMAGE_BYTES), checked here to say so before sending. */
const MAX_BYTES = 25 * 1024 * 1024

export interface ReadDocument {
  doc: CapturedDocument
  report: DocumentReport | null
}

export function DocumentPanel(props: {
  camera: { deviceId: string; label: string; width: number; height: number }
  onRead: (r: ReadDocument) => void
}) {
  const { t } = useT()
  const api = useApi()
  const [mode, setMode] = useState<'choose' | 'camera'>('choose')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [read, setRead] = useState<ReadDocument | null>(null)

  const readIt = (
    front: Uint8Array,
    back: Uint8Array | null,
    source: CapturedDocument['source'],
  ) => {
    setBusy(true)
    setError(null)
    api
      .call('documents:read', back === null ? { front } : { front, back })
      .then((report) => setRead({ doc: { front, back, source, mrz: mrzText(report) }, report }))
      .catch((e: unknown) => {
        // The document is still useful to the backend even if this kiosk could not read it.
        setError(errorText(e))
        setRead({ doc: { front, back, source, mrz: null }, report: null })
      })
      .finally(() => setBusy(false))
  }

  if (read !== null) {
    return (
      <ReadResult
        read={read}
        error={error}
        onUse={() => props.onRead(read)}
        onAgain={() => setRead(null)}
      />
    )
  }
  if (busy) {
    return (
      <p role="status" className="step__lead">
        {t('document.reading')}
      </p>
    )
  }
  return (
    <div className="docpanel">
      {mode === 'camera' ? (
        <DocumentCameraView
          camera={props.camera}
          onSides={(front, back) => readIt(front, back, 'camera')}
        />
      ) : (
        <div className="step__actions step__actions--start">
          <button type="button" className="btn" onClick={() => setMode('camera')}>
            {t('document.useCamera')}
          </button>
          <FileSides onSides={(front, back) => readIt(front, back, 'upload')} onError={setError} />
        </div>
      )}
      {error !== null && (
        <p className="form__msg form__msg--bad" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}

function mrzText(report: DocumentReport): Record<string, string> | null {
  const f = report.mrz.fields
  if (f === null) return null
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(f)) if (typeof v === 'string' && v !== '') out[k] = v
  return out
}

function DocumentCameraView(props: {
  camera: { deviceId: string; label: string; width: number; height: number }
  onSides: (front: Uint8Array, back: Uint8Array | null) => void
}) {
  const { videoRef, state } = useCamera({
    remembered: { deviceId: props.camera.deviceId, label: props.camera.label },
    width: props.camera.width,
    height: props.camera.height,
  })
  const [front, setFront] = useState<Uint8Array | null>(null)
  return (
    <>
      <video ref={videoRef} className="visually-hidden" muted playsInline aria-hidden="true" />
      {state.status === 'live' && (
        <DocumentCapture
          stream={state.stream}
          sides={['front', 'back']}
          onCapture={(shot: CapturedSide) => {
            if (shot.side === 'front') setFront(shot.jpeg)
            else if (front !== null) props.onSides(front, shot.jpeg)
          }}
        />
      )}
    </>
  )
}

function FileSides(props: {
  onSides: (front: Uint8Array, back: Uint8Array | null) => void
  onError: (e: string | null) => void
}) {
  const { t } = useT()
  const [front, setFront] = useState<Uint8Array | null>(null)
  const [back, setBack] = useState<Uint8Array | null>(null)
  const pick = (set: (b: Uint8Array) => void) => (e: React.ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0]
    if (file === undefined) return
    if (file.size > MAX_BYTES) return props.onError(t('document.tooBig'))
    void file.arrayBuffer().then((buf) => {
      props.onError(null)
      set(new Uint8Array(buf))
    })
  }
  return (
    <div className="docs">
      <label className="btn btn--secondary docs__pick">
        {t(front === null ? 'document.front' : 'document.frontChosen')}
        <input
          type="file"
          accept="image/jpeg,image/png,image/webp,image/tiff"
          className="visually-hidden"
          onChange={pick(setFront)}
        />
      </label>
      <label className="btn btn--secondary docs__pick">
        {t(back === null ? 'document.back' : 'document.backChosen')}
        <input
          type="file"
          accept="image/jpeg,image/png,image/webp,image/tiff"
          className="visually-hidden"
          onChange={pick(setBack)}
        />
      </label>
      <button
        type="button"
        className="btn"
        disabled={front === null}
        onClick={() => front !== null && props.onSides(front, back)}
      >
        {t('document.read')}
      </button>
    </div>
  )
}

function ReadResult(props: {
  read: ReadDocument
  error: string | null
  onUse: () => void
  onAgain: () => void
}) {
  const { t } = useT()
  const r = props.read.report
  const f = r?.mrz.fields ?? null
  return (
    <div
      className="docresult"
      data-mrz={r?.mrz.valid ? 'valid' : r?.mrz.found ? 'invalid' : 'none'}
    >
      {r === null ? (
        <p className="form__msg form__msg--warn">
          {t('document.notRead')} {props.error}
        </p>
      ) : (
        <>
          <p className="checks__overall">
            {t('document.result')} <DecisionBadge decision={r.decision.type} />
          </p>
          <p>
            {t(
              r.mrz.valid
                ? 'document.mrzValid'
                : r.mrz.found
                  ? 'document.mrzInvalid'
                  : 'document.mrzNone',
            )}
          </p>
          {f !== null && (
            <dl className="facts">
              <dt>{t('document.number')}</dt>
              <dd className="mono" data-testid="mrz-number">
                {f.documentNumber ?? '—'}
              </dd>
              <dt>{t('document.name')}</dt>
              <dd>{[f.givenNames, f.surname].filter(Boolean).join(' ') || '—'}</dd>
              <dt>{t('document.expiry')}</dt>
              <dd>{f.expiryDate ?? '—'}</dd>
            </dl>
          )}
          {r.warnings.length > 0 && (
            <ul className="checks__warnings">
              {r.warnings.map((w) => (
                <li key={w.code}>{w.description}</li>
              ))}
            </ul>
          )}
        </>
      )}
      <div className="step__actions">
        <button type="button" className="btn btn--secondary" onClick={props.onAgain}>
          {t('document.again')}
        </button>
        <button type="button" className="btn" onClick={props.onUse}>
          {t('document.use')}
        </button>
      </div>
    </div>
  )
}
