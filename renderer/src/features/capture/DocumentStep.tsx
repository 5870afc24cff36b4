/**
 * The ID document step (enrolment, per capture.document): the camera or a scanner's file, read
 * by the core before going on. Optional documents may be skipped; required ones may not.
 */
import { StepTitle } from '../../components/StepTitle'
import { useT } from '../../i18n/i18n'
import { DocumentPanel } from './DocumentPanel'
import type {
  CapturedDocument,
  DocumentMode,
} from '../../../../electron/shared/ui/capture-flow.policy'

export function DocumentStep(props: {
  mode: DocumentMode
  camera: { deviceId: string; label: string; width: number; height: number }
  onDone: (doc: CapturedDocument | null) => void
  onCancel: () => void
}) {
  const { t } = useT()
  return (
    <section className="step" aria-labelledby="document-title">
      <StepTitle id="document-title">{t('document.title')}</StepTitle>
      <p className="step__lead">
        {t(props.mode === 'required' ? 'document.required' : 'document.optional')}
      </p>
      <DocumentPanel camera={props.camera} onRead={(r) => props.onDone(r.doc)} />
      <div className="step__actions">
        <button type="button" className="btn btn--secondary" onClick={props.onCancel}>
          {t('action.cancel')}
        </button>
        {props.mode === 'optional' && (
          <button type="button" className="btn btn--secondary" onClick={() => props.onDone(null)}>
            {t('document.skip')}
          </button>
        )}
      </div>
    </section>
  )
}
