/** After saving: the photo taken and the kiosk's own checks, in plain words, before the receipt. */
import type { JobDetail } from '../../../../electron/shared/domain/job'
import { ImageFromBytes } from '../../components/ImageFromBytes'
import { useT } from '../../i18n/i18n'
import { CheckList } from './CheckList'
import { StepTitle } from '../../components/StepTitle'

export function ReviewStep(props: {
  job: JobDetail
  selfie: Uint8Array | null
  staff: boolean
  onFinish: () => void
}) {
  const { t } = useT()
  const frames = props.job.images.filter((i) => i.kind === 'liveness').length
  const hasDoc = props.job.images.some((i) => i.kind === 'id_front')
  return (
    <section className="step" aria-labelledby="review-title" data-job-id={props.job.job_id}>
      <StepTitle id="review-title">{t('review.title')}</StepTitle>
      <p className="step__lead">{t('review.saved')}</p>
      <div className="review">
        {props.selfie !== null && (
          <ImageFromBytes
            bytes={props.selfie}
            alt={t('review.selfie')}
            className="review__selfie"
          />
        )}
        <div className="review__body">
          <p>{t('review.captured', { n: frames })}</p>
          {hasDoc && <p>{t('review.document')}</p>}
          <CheckList
            localChecks={props.job.local_checks}
            metadata={props.job.metadata}
            detail={props.staff}
          />
          <p className="form__hint">{t('review.advice')}</p>
        </div>
      </div>
      <div className="step__actions">
        <button type="button" className="btn" onClick={props.onFinish}>
          {t('action.continue')}
        </button>
      </div>
    </section>
  )
}
