/**
 * One customer's capture, start to receipt. Holds what was collected only in memory, sends it to
 * the core in one call (jobs:capture) and wipes it when the flow ends for any reason: finished,
 * cancelled, or the idle timeout unmounting it.
 */
import { useCallback, useEffect, useReducer, useRef, useState } from 'react'
import type { JobDetail, JobType } from '../../../../electron/shared/domain/job'
import { useApi } from '../../api/ApiContext'
import { CoreError } from '../../api/kiosk-api'
import { useT } from '../../i18n/i18n'
import type { CaptureResult } from '../liveness/capture-controller'
import { LivenessFailedStep } from '../liveness/LivenessFailedStep'
import { ChooseStep } from './ChooseStep'
import { CONSENT_NOTICE, ConsentStep } from './ConsentStep'
import { requestLocation, type LocationRequest } from './location-request'
import { consentNotice, locationMetadata } from '../../../../electron/shared/ui/location.policy'
import { DocumentStep } from './DocumentStep'
import { FaceCapture } from './FaceCapture'
import {
  flowImages,
  flowReducer,
  initialFlow,
  type DocumentMode,
  type FlowState,
} from '../../../../electron/shared/ui/capture-flow.policy'
import { wipe } from './frame-grab'
import { IdentifyStep } from './IdentifyStep'
import { ReceiptStep } from './ReceiptStep'
import { ReviewStep } from './ReviewStep'
import { StepTitle } from '../../components/StepTitle'
import { errorText } from '../../../../electron/shared/contract/result'

export interface FlowSettings {
  staff: boolean
  activeLiveness: boolean
  documentMode: DocumentMode
  camera: { deviceId: string; label: string; width: number; height: number }
  /** field.location: record where the capture took place (the consent says so). */
  location: boolean
}

export function CaptureFlow(props: {
  jobType: JobType | null
  settings: FlowSettings
  onExit: () => void
}) {
  const api = useApi()
  const { lang } = useT()
  const { settings } = props
  const [state, dispatch] = useReducer(
    (s: FlowState, a: Parameters<typeof flowReducer>[1]) =>
      flowReducer(s, a, settings.documentMode),
    props.jobType,
    initialFlow,
  )
  const jobId = useRef(`job-${crypto.randomUUID()}`)
  // Start the face engine now, while the customer types and reads, not after the last challenge;
  // and ask whether a capture may start at all (field limits: disk, backlog, stale device). The
  // ticket makes the final save exempt from a limit reached meanwhile.
  const ticket = useRef<string | null>(null)
  const [refused, setRefused] = useState<string | null>(null)
  useEffect(() => {
    api.call('capture:prepare', {}).catch(() => undefined)
    api.call('capture:begin', {}).then(
      (t) => {
        ticket.current = t.ticket
      },
      (err: unknown) => {
        if (err instanceof CoreError && (err.code === 'forbidden' || err.code === 'storage')) {
          setRefused(err.message)
        }
      },
    )
  }, [api])
  // Asked once, when the customer has consented (the consent text mentions it); never awaited.
  const location = useRef<LocationRequest | null>(null)
  const latest = useRef(state)
  useEffect(() => {
    latest.current = state
  })
  // Whatever happens (done, cancel, idle wipe), nothing captured outlives the flow.
  useEffect(
    () => () => {
      const s = latest.current
      wipe(s.capture?.selfie, ...(s.capture?.frames ?? []), s.document?.front, s.document?.back)
    },
    [],
  )

  const metadata = useCallback(
    (s: FlowState, capture: CaptureResult) => ({
      consent: {
        given: s.consentAt !== null,
        at: s.consentAt,
        notice: consentNotice(CONSENT_NOTICE, settings.location),
        language: lang,
      },
      ...locationMetadata(settings.location, location.current?.outcome() ?? null),
      liveness: capture.record,
      capture: {
        profile: settings.staff ? 'staff' : 'self-service',
        document:
          s.document === null ? null : { source: s.document.source, mrz: s.document.mrz !== null },
      },
    }),
    [lang, settings.staff, settings.location],
  )

  // Saving: one jobs:capture call with a job id fixed at the start, so a retry after a lost
  // answer finds the job instead of making a second one.
  const saving = useRef(false)
  useEffect(() => {
    if (state.step !== 'saving' || state.capture === null || saving.current) return
    saving.current = true
    const capture = state.capture
    const input = {
      jobType: state.jobType ?? 4,
      userId: state.userId,
      jobId: jobId.current,
      images: flowImages(state),
      metadata: {
        ...metadata(state, capture),
        ...(ticket.current === null ? {} : { capture_ticket: ticket.current }),
      },
    }
    api
      .call('jobs:capture', input)
      .catch(async (err: unknown) => {
        if (err instanceof CoreError && err.code === 'conflict') {
          return api.call('jobs:get', { jobId: jobId.current })
        }
        throw err
      })
      .then((job: JobDetail) => {
        performance.mark('kiosk:job-saved')
        dispatch({ type: 'saved', job })
      })
      .catch((err: unknown) => dispatch({ type: 'save_failed', error: errorText(err) }))
      .finally(() => {
        saving.current = false
      })
  }, [api, metadata, state])

  const onLivenessFailed = (capture: CaptureResult) => {
    const reason = capture.record.reason ?? 'timeout'
    const s = latest.current
    api
      .call('liveness:failed', {
        jobType: s.jobType ?? 4,
        userId: s.userId,
        jobId: jobId.current,
        reason,
        images: flowImages({ ...s, capture }),
        metadata: metadata(s, capture),
      })
      .then((job) => dispatch({ type: 'liveness_failed', capture, job, error: null }))
      .catch((err: unknown) =>
        dispatch({ type: 'liveness_failed', capture, job: null, error: errorText(err) }),
      )
  }

  const rememberCamera = (camera: { deviceId: string; label: string }, how: string) => {
    // Remember the first camera that worked, by id and label, so the next start finds it again.
    if (!settings.staff || how === 'remembered' || camera.deviceId === '') return
    if (settings.camera.deviceId !== '' && how === 'first') return
    void api
      .call('settings:set', { key: 'camera.deviceId', value: camera.deviceId })
      .then(() => api.call('settings:set', { key: 'camera.label', value: camera.label }))
      .catch(() => undefined)
  }

  if (refused !== null) return <CapturePaused reason={refused} onDone={props.onExit} />
  switch (state.step) {
    case 'choose':
      return (
        <ChooseStep
          onChoose={(jobType) => dispatch({ type: 'choose', jobType })}
          onCancel={props.onExit}
        />
      )
    case 'identify':
      return (
        <IdentifyStep
          jobType={state.jobType ?? 4}
          staff={settings.staff}
          initial={state.userId}
          camera={settings.documentMode === 'off' ? null : settings.camera}
          onDone={(userId, document) =>
            dispatch({ type: 'identified', userId, ...(document === null ? {} : { document }) })
          }
          onBack={() => (props.jobType === null ? dispatch({ type: 'back' }) : props.onExit())}
        />
      )
    case 'consent':
      return (
        <ConsentStep
          location={settings.location}
          onAgree={(at) => {
            if (settings.location) location.current ??= requestLocation()
            dispatch({ type: 'consented', at })
          }}
          onDecline={props.onExit}
        />
      )
    case 'face':
      return (
        <FaceCapture
          active={settings.activeLiveness}
          camera={settings.camera}
          onCameraOpened={rememberCamera}
          onDone={(capture) => dispatch({ type: 'captured', capture })}
          onFailed={onLivenessFailed}
          onCancel={props.onExit}
        />
      )
    case 'document':
      return (
        <DocumentStep
          mode={settings.documentMode}
          camera={settings.camera}
          onDone={(document) => dispatch({ type: 'document', document })}
          onCancel={props.onExit}
        />
      )
    case 'saving':
      return (
        <SavingStep
          error={state.error}
          onRetry={() => dispatch({ type: 'retry_save' })}
          onCancel={props.onExit}
        />
      )
    case 'review':
      return state.job === null ? null : (
        <ReviewStep
          job={state.job}
          selfie={state.capture?.selfie ?? null}
          staff={settings.staff}
          onFinish={() => dispatch({ type: 'finish' })}
        />
      )
    case 'receipt':
      return state.job === null ? null : <ReceiptStep job={state.job} onDone={props.onExit} />
    case 'liveness_failed':
      return (
        <LivenessFailedStep
          reason={state.capture?.record.reason ?? 'timeout'}
          job={state.job}
          error={state.error}
          onDone={props.onExit}
        />
      )
  }
}

function CapturePaused({ reason, onDone }: { reason: string; onDone: () => void }) {
  const { t } = useT()
  return (
    <section className="step" aria-labelledby="paused-title">
      <StepTitle id="paused-title">{t('paused.title')}</StepTitle>
      <p className="form__msg form__msg--bad" role="alert" data-testid="paused-reason">
        {reason}
      </p>
      <p>{t('paused.help')}</p>
      <div className="step__actions">
        <button type="button" className="btn" onClick={onDone}>
          {t('action.done')}
        </button>
      </div>
    </section>
  )
}

function SavingStep(props: { error: string | null; onRetry: () => void; onCancel: () => void }) {
  const { t } = useT()
  if (props.error === null) {
    return (
      <section className="step" aria-busy="true" aria-labelledby="saving-title">
        <StepTitle id="saving-title">{t('saving.title')}</StepTitle>
        <p className="step__lead" role="status">
          {t('saving.wait')}
        </p>
      </section>
    )
  }
  return (
    <section className="step" aria-labelledby="saving-title">
      <StepTitle id="saving-title">{t('saving.failed')}</StepTitle>
      <p className="form__msg form__msg--bad" role="alert">
        {props.error}
      </p>
      <div className="step__actions">
        <button type="button" className="btn btn--secondary" onClick={props.onCancel}>
          {t('action.cancel')}
        </button>
        <button type="button" className="btn" onClick={props.onRetry}>
          {t('action.retry')}
        </button>
      </div>
    </section>
  )
}
