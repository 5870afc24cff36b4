/** The liveness session failed for good: say so kindly, say it was recorded, send for staff. */
import type { JobDetail } from '../../../../electron/shared/domain/job'
import type { SessionFailure } from '../../../../electron/shared/liveness/challenge.policy'
import { useT } from '../../i18n/i18n'
import { StepTitle } from '../../components/StepTitle'

export function LivenessFailedStep(props: {
  reason: SessionFailure
  job: JobDetail | null
  error: string | null
  onDone: () => void
}) {
  const { t } = useT()
  return (
    <section className="step" aria-labelledby="lf-title" data-liveness="failed">
      <StepTitle id="lf-title">{t('lf.title')}</StepTitle>
      <p className="step__lead" role="alert">
        {t(`failure.${props.reason}`)}
      </p>
      <p>{t('lf.help')}</p>
      {props.job !== null && (
        <p className="form__hint">
          {t('lf.recorded')} <span className="mono">{props.job.job_id}</span>
        </p>
      )}
      {props.error !== null && (
        <p className="form__msg form__msg--warn">
          {t('lf.notRecorded')} {props.error}
        </p>
      )}
      <div className="step__actions">
        <button type="button" className="btn" onClick={props.onDone}>
          {t('action.done')}
        </button>
      </div>
    </section>
  )
}
