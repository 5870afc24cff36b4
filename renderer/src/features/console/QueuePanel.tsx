/** Every job on this kiosk with its state, outcome and reason, live as jobs change. */
import { useCallback, useEffect, useState } from 'react'
import { JOB_STATES, type JobState, type JobSummary } from '../../../../electron/shared/domain/job'
import { useApi } from '../../api/ApiContext'
import { StateBadge } from '../../components/StateBadge'
import { useT } from '../../i18n/i18n'
import { useStaffSession } from './StaffGate'
import { SyncStatus } from './SyncStatus'
import { errorText } from '../../../../electron/shared/contract/result'

export function QueuePanel({ onOpen }: { onOpen: (jobId: string) => void }) {
  const api = useApi()
  const staff = useStaffSession()
  const { t, lang } = useT()
  const [jobs, setJobs] = useState<JobSummary[] | null>(null)
  const [filter, setFilter] = useState<JobState | undefined>(undefined)
  const [error, setError] = useState<string | null>(null)

  const load = useCallback(() => {
    api
      .call('jobs:list', filter === undefined ? {} : { state: filter })
      .then((list) => {
        setJobs(list)
        setError(null)
      })
      .catch((e: unknown) => {
        staff?.onError(e)
        setError(errorText(e))
      })
  }, [api, filter, staff])

  useEffect(() => {
    load()
    return api.on('jobs:changed', load)
  }, [api, load])

  const time = new Intl.DateTimeFormat(lang, { dateStyle: 'short', timeStyle: 'medium' })
  return (
    <section className="queue" aria-labelledby="queue-title">
      <div className="queue__head">
        <h2 id="queue-title">{t('queue.title')}</h2>
        {jobs !== null && (
          <span className="queue__count">{t('queue.count', { n: jobs.length })}</span>
        )}
      </div>
      <SyncStatus />
      <div className="chips" role="group" aria-label={t('queue.col.state')}>
        <button
          type="button"
          className="chip"
          aria-pressed={filter === undefined}
          onClick={() => setFilter(undefined)}
        >
          {t('queue.filter.all')}
        </button>
        {JOB_STATES.map((s) => (
          <button
            key={s}
            type="button"
            className="chip"
            aria-pressed={filter === s}
            onClick={() => setFilter(s)}
          >
            {t(`state.${s}`)}
          </button>
        ))}
      </div>
      {error !== null && (
        <div className="banner banner--error" role="alert">
          {error}
        </div>
      )}
      {jobs === null ? (
        <p aria-busy="true">{t('queue.loading')}</p>
      ) : jobs.length === 0 ? (
        <p className="queue__empty">{t('queue.empty')}</p>
      ) : (
        <table className="jobs">
          <thead>
            <tr>
              <th scope="col">{t('queue.col.job')}</th>
              <th scope="col">{t('queue.col.user')}</th>
              <th scope="col">{t('queue.col.type')}</th>
              <th scope="col">{t('queue.col.state')}</th>
              <th scope="col">{t('queue.col.updated')}</th>
              <th scope="col">{t('queue.col.result')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('queue.col.open')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((j) => (
              <tr key={j.job_id} data-job-id={j.job_id}>
                <td className="mono">{j.job_id}</td>
                <td>{j.user_id}</td>
                <td>{t(j.job_type === 4 ? 'queue.type.4' : 'queue.type.2')}</td>
                <td>
                  <StateBadge state={j.state} />
                </td>
                <td>{time.format(new Date(j.updated_at))}</td>
                <td>{j.result_text ?? j.last_error?.message ?? ''}</td>
                <td>
                  <button
                    type="button"
                    className="btn btn--small btn--secondary"
                    aria-label={t('queue.open', { id: j.job_id })}
                    onClick={() => onOpen(j.job_id)}
                  >
                    {t('queue.details')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
