/** Enrol (first time) or authenticate (already enrolled): the customer or the staff member picks. */
import type { JobType } from '../../../../electron/shared/domain/job'
import { useT } from '../../i18n/i18n'
import { StepTitle } from '../../components/StepTitle'

export function ChooseStep({
  onChoose,
  onCancel,
}: {
  onChoose: (t: JobType) => void
  onCancel: () => void
}) {
  const { t } = useT()
  return (
    <section className="step" aria-labelledby="choose-title">
      <StepTitle id="choose-title">{t('choose.title')}</StepTitle>
      <div className="home__actions">
        <button type="button" className="bigbtn" onClick={() => onChoose(4)}>
          <span className="bigbtn__label">{t('choose.enrol')}</span>
          <span className="bigbtn__hint">{t('choose.enrol.hint')}</span>
        </button>
        <button type="button" className="bigbtn" onClick={() => onChoose(2)}>
          <span className="bigbtn__label">{t('choose.auth')}</span>
          <span className="bigbtn__hint">{t('choose.auth.hint')}</span>
        </button>
      </div>
      <div className="step__actions">
        <button type="button" className="btn btn--secondary" onClick={onCancel}>
          {t('action.cancel')}
        </button>
      </div>
    </section>
  )
}
