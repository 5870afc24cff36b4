/** The receipt: the job id in words and as a QR code, for the customer to keep or photograph. */
import type { JobDetail } from '../../../../electron/shared/domain/job'
import { QrCode } from '../../components/QrCode'
import { useT } from '../../i18n/i18n'
import { StepTitle } from '../../components/StepTitle'

export function ReceiptStep({ job, onDone }: { job: JobDetail; onDone: () => void }) {
  const { t, lang } = useT()
  const when = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(job.created_at),
  )
  return (
    <section className="step receipt" aria-labelledby="receipt-title">
      <StepTitle id="receipt-title">{t('receipt.title')}</StepTitle>
      <div className="receipt__card">
        <QrCode text={job.job_id} label={t('receipt.qr', { id: job.job_id })} />
        <dl className="receipt__facts">
          <dt>{t('receipt.job')}</dt>
          <dd className="mono" data-testid="receipt-job-id">
            {job.job_id}
          </dd>
          <dt>{t('receipt.type')}</dt>
          <dd>{t(job.job_type === 4 ? 'queue.type.4' : 'queue.type.2')}</dd>
          <dt>{t('receipt.when')}</dt>
          <dd>{when}</dd>
        </dl>
      </div>
      <p className="step__lead">{t('receipt.keep')}</p>
      <div className="step__actions">
        <button type="button" className="btn" onClick={onDone}>
          {t('action.done')}
        </button>
      </div>
    </section>
  )
}
