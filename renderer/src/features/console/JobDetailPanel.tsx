/**
 * One job for staff: where it is, why, what the kiosk's checks said, what the backend answered
 * (result code, text, Actions), the history of its states, and what can be done about it.
 */
import { useCallback, useEffect, useState } from 'react'
import type { JobDetail } from '../../../../electron/shared/domain/job'
import { useApi } from '../../api/ApiContext'
import { StateBadge } from '../../components/StateBadge'
import { StepTitle } from '../../components/StepTitle'
import { useT } from '../../i18n/i18n'
import { CheckList } from '../capture/CheckList'
import { ApprovalFields, approvalOrUndefined, type ApprovalValue } from './Approval'
import { useStaffSession } from './StaffGate'
import { errorText } from '../../../../electron/shared/contract/result'

type Obj = Record<string, unknown>
const obj = (v: unknown): Obj | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : null
const text = (v: unknown): string =>
  typeof v === 'string'
    ? v
    : typeof v === 'number' || typeof v === 'boolean'
      ? String(v)
      : v === undefined || v === null
        ? '—'
        : JSON.stringify(v)

export function JobDetailPanel({ jobId, onClose }: { jobId: string; onClose: () => void }) {
  const api = useApi()
  const staff = useStaffSession()
  const { t, lang } = useT()
  const [job, setJob] = useState<JobDetail | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)

  const load = useCallback(() => {
    api.call('jobs:get', { jobId }).then(setJob, (e: unknown) => {
      staff?.onError(e)
      setError(errorText(e))
    })
  }, [api, jobId, staff])
  useEffect(() => {
    load()
    return api.on('jobs:changed', (p) => {
      if (p.jobId === jobId) load()
    })
  }, [api, jobId, load])

  const time = new Intl.DateTimeFormat(lang, { dateStyle: 'short', timeStyle: 'medium' })
  const backend = obj(job?.backend_result)
  const actions = obj(backend?.Actions)
  const liveness = obj(job?.metadata.liveness)
  const retryable =
    job !== null &&
    (job.state === 'failed' || job.state === 'needs_attention') &&
    job.last_error?.code !== 'liveness_failed'

  return (
    <section className="detail" aria-labelledby="detail-title" data-job-id={jobId}>
      <StepTitle id="detail-title">{t('detail.title', { id: jobId })}</StepTitle>
      {error !== null && (
        <p role="alert" className="form__msg form__msg--bad">
          {error}
        </p>
      )}
      {notice !== null && (
        <p role="status" className="form__msg">
          {notice}
        </p>
      )}
      {job !== null && (
        <>
          <dl className="facts">
            <dt>{t('queue.col.user')}</dt>
            <dd>{job.user_id}</dd>
            <dt>{t('queue.col.type')}</dt>
            <dd>{t(job.job_type === 4 ? 'queue.type.4' : 'queue.type.2')}</dd>
            <dt>{t('queue.col.state')}</dt>
            <dd>
              <StateBadge state={job.state} />
            </dd>
            <dt>{t('detail.attempts')}</dt>
            <dd>{job.attempts}</dd>
            <dt>{t('detail.images')}</dt>
            <dd>
              {t('detail.imageCounts', {
                frames: job.images.filter((i) => i.kind === 'liveness').length,
                docs: job.images.filter((i) => i.kind === 'id_front' || i.kind === 'id_back')
                  .length,
              })}
            </dd>
            {job.last_error !== null && (
              <>
                <dt>{t('detail.reason')}</dt>
                <dd data-testid="job-reason">{job.last_error.message}</dd>
              </>
            )}
          </dl>
          <h3>{t('detail.checks')}</h3>
          <CheckList localChecks={job.local_checks} metadata={job.metadata} detail />
          {liveness !== null && liveness.active !== 'off' && (
            <p className="form__hint">
              {t('detail.liveness', {
                challenges: Array.isArray(liveness.challenges)
                  ? liveness.challenges.join(', ')
                  : '—',
                attempts: Number(liveness.attempts ?? 0),
              })}
            </p>
          )}
          <h3>{t('detail.backend')}</h3>
          {backend === null ? (
            <p>{t('detail.noBackend')}</p>
          ) : (
            <dl className="facts">
              <dt>{t('detail.resultCode')}</dt>
              <dd>{text(backend.ResultCode)}</dd>
              <dt>{t('detail.resultText')}</dt>
              <dd>{text(backend.ResultText)}</dd>
              {actions !== null &&
                Object.entries(actions).map(([k, v]) => (
                  <div key={k} className="facts__pair">
                    <dt>{k.replaceAll('_', ' ')}</dt>
                    <dd>{text(v)}</dd>
                  </div>
                ))}
            </dl>
          )}
          <h3>{t('detail.history')}</h3>
          <ol className="history">
            {job.history.map((h, i) => (
              <li key={i}>
                <span className="mono">{time.format(new Date(h.at))}</span> {h.event}
                {h.from !== h.to &&
                  ` (${h.from === null ? '' : t(`state.${h.from}`) + ' → '}${t(`state.${h.to}`)})`}
              </li>
            ))}
          </ol>
          <div className="step__actions">
            <button type="button" className="btn btn--secondary" onClick={onClose}>
              {t('action.back')}
            </button>
            {retryable && (
              <button
                type="button"
                className="btn"
                onClick={() =>
                  void api.call('jobs:retry', { jobId }).then(
                    () => setNotice(t('detail.retried')),
                    (e: unknown) => setError(errorText(e)),
                  )
                }
              >
                {t('detail.retry')}
              </button>
            )}
          </div>
          <DeleteJob jobId={jobId} onDeleted={onClose} onError={setError} />
        </>
      )}
    </section>
  )
}

function DeleteJob({
  jobId,
  onDeleted,
  onError,
}: {
  jobId: string
  onDeleted: () => void
  onError: (e: string) => void
}) {
  const api = useApi()
  const { t } = useT()
  const [open, setOpen] = useState(false)
  const [reason, setReason] = useState('')
  const [approval, setApproval] = useState<ApprovalValue>({ username: '', secret: '' })
  if (!open) {
    return (
      <button type="button" className="btn btn--danger" onClick={() => setOpen(true)}>
        {t('detail.delete')}
      </button>
    )
  }
  const a = approvalOrUndefined(approval)
  return (
    <form
      className="form danger-zone"
      onSubmit={(e) => {
        e.preventDefault()
        api
          .call('jobs:delete', { jobId, reason, ...(a === undefined ? {} : { approval: a }) })
          .then(onDeleted, (err: unknown) => onError(errorText(err)))
      }}
    >
      <label className="form__label" htmlFor="delete-reason">
        {t('detail.deleteReason')}
      </label>
      <input
        id="delete-reason"
        className="form__input"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <ApprovalFields value={approval} onChange={setApproval} />
      <div className="step__actions">
        <button type="button" className="btn btn--secondary" onClick={() => setOpen(false)}>
          {t('action.cancel')}
        </button>
        <button type="submit" className="btn btn--danger" disabled={reason.trim().length < 3}>
          {t('detail.deleteConfirm')}
        </button>
      </div>
    </form>
  )
}
