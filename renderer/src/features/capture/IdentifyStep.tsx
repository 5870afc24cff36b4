/**
 * The customer identifier: typed, checked against the id rules at once, then looked up on this
 * kiosk (users:lookup). Enrolment needs a new id, authentication an enrolled one; either way the
 * screen says so plainly. Staff may continue an authentication for a customer enrolled elsewhere.
 */
import { useId, useState, type FormEvent } from 'react'
import type { UserLookup } from '../../../../electron/shared/contract/ui.contract'
import { UserId, type JobType } from '../../../../electron/shared/domain/job'
import { useApi } from '../../api/ApiContext'
import { CoreError } from '../../api/kiosk-api'
import { useT } from '../../i18n/i18n'
import { DocumentPanel } from './DocumentPanel'
import type { CapturedDocument } from '../../../../electron/shared/ui/capture-flow.policy'
import { StepTitle } from '../../components/StepTitle'

type Verdict =
  | { kind: 'none' }
  | { kind: 'invalid'; message: string }
  | { kind: 'taken' }
  | { kind: 'unknown_here' }
  | { kind: 'unchecked'; why: string }

export function IdentifyStep(props: {
  jobType: JobType
  staff: boolean
  initial: string
  /** The camera to scan a document with; null when documents are off (no scan button). */
  camera: { deviceId: string; label: string; width: number; height: number } | null
  onDone: (userId: string, document: CapturedDocument | null) => void
  onBack: () => void
}) {
  const { t } = useT()
  const api = useApi()
  const inputId = useId()
  const [value, setValue] = useState(props.initial)
  const [verdict, setVerdict] = useState<Verdict>({ kind: 'none' })
  const [busy, setBusy] = useState(false)
  const [scanning, setScanning] = useState(false)
  const [document, setDocument] = useState<CapturedDocument | null>(null)
  const enrol = props.jobType === 4

  async function submit(e: FormEvent) {
    e.preventDefault()
    const parsed = UserId.safeParse(value)
    if (!parsed.success) {
      setVerdict({ kind: 'invalid', message: parsed.error.issues[0]?.message ?? '' })
      return
    }
    const userId = parsed.data
    if (verdict.kind === 'unknown_here' || verdict.kind === 'unchecked') {
      // Second press after the notice: the person chose to continue.
      props.onDone(userId, document)
      return
    }
    setBusy(true)
    let found: UserLookup | undefined
    try {
      found = await api.call('users:lookup', { userId })
    } catch (err) {
      // Lookup refused or unavailable: do not block the customer, say the kiosk could not check.
      setVerdict({ kind: 'unchecked', why: err instanceof CoreError ? err.message : String(err) })
      setBusy(false)
      return
    }
    setBusy(false)
    if (enrol && found.enrolled) return setVerdict({ kind: 'taken' })
    if (!enrol && !found.enrolled) return setVerdict({ kind: 'unknown_here' })
    props.onDone(userId, document)
  }

  const describedBy = `${inputId}-hint${verdict.kind !== 'none' ? ` ${inputId}-msg` : ''}`
  const canContinueAnyway =
    (verdict.kind === 'unknown_here' && props.staff) || verdict.kind === 'unchecked'
  if (scanning && props.camera !== null) {
    return (
      <section className="step" aria-labelledby="identify-title">
        <StepTitle id="identify-title">{t('identify.scanTitle')}</StepTitle>
        <DocumentPanel
          camera={props.camera}
          onRead={(r) => {
            // The MRZ's document number becomes the customer number; the image goes in the job.
            const number = r.doc.mrz?.documentNumber
            if (number !== undefined) setValue(number)
            setDocument(r.doc)
            setVerdict({ kind: 'none' })
            setScanning(false)
          }}
        />
        <div className="step__actions">
          <button type="button" className="btn btn--secondary" onClick={() => setScanning(false)}>
            {t('action.back')}
          </button>
        </div>
      </section>
    )
  }
  return (
    <section className="step" aria-labelledby="identify-title">
      <StepTitle id="identify-title">
        {t(enrol ? 'identify.title.enrol' : 'identify.title.auth')}
      </StepTitle>
      {props.camera !== null && (
        <div className="step__actions step__actions--start">
          <button type="button" className="btn btn--secondary" onClick={() => setScanning(true)}>
            {t(document === null ? 'identify.scan' : 'identify.scanned')}
          </button>
        </div>
      )}
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <label htmlFor={inputId} className="form__label">
          {t('identify.label')}
        </label>
        <p id={`${inputId}-hint`} className="form__hint">
          {t(enrol ? 'identify.hint.enrol' : 'identify.hint.auth')}
        </p>
        <input
          id={inputId}
          className="form__input"
          name="userId"
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          value={value}
          aria-invalid={verdict.kind === 'invalid' || verdict.kind === 'taken'}
          aria-describedby={describedBy}
          onChange={(e) => {
            setValue(e.target.value)
            setVerdict({ kind: 'none' })
          }}
        />
        {verdict.kind !== 'none' && (
          <p
            id={`${inputId}-msg`}
            className={`form__msg ${verdict.kind === 'invalid' || verdict.kind === 'taken' ? 'form__msg--bad' : 'form__msg--warn'}`}
            role="alert"
            data-verdict={verdict.kind}
          >
            {verdict.kind === 'invalid' && `${t('identify.invalid')} ${verdict.message}`}
            {verdict.kind === 'taken' && t('identify.taken')}
            {verdict.kind === 'unknown_here' &&
              t(props.staff ? 'identify.unknown.staff' : 'identify.unknown')}
            {verdict.kind === 'unchecked' && t('identify.unchecked')}
          </p>
        )}
        <div className="step__actions">
          <button type="button" className="btn btn--secondary" onClick={props.onBack}>
            {t('action.back')}
          </button>
          <button
            type="submit"
            className="btn"
            disabled={busy || (verdict.kind === 'unknown_here' && !props.staff)}
          >
            {t(canContinueAnyway ? 'action.continueAnyway' : 'action.continue')}
          </button>
        </div>
      </form>
    </section>
  )
}
