/**
 * Import a bundle (`field:import`) and show its report: every job and what became of it. A refused
 * bundle (tampered, cut short, unknown laptop, already imported) queues nothing; the core's one
 * line says why. The file path is typed, as for export (see ExportForm).
 */
import { useId, useState, type FormEvent } from 'react'
import type { CallOutput } from '../../../../electron/shared/contract/contract'
import { useT } from '../../i18n/i18n'
import { useStaffCall } from './useStaffCall'

type Report = CallOutput<'field:import'>

export function ImportForm({ onDone }: { onDone: () => void }) {
  const { t } = useT()
  const id = useId()
  const [file, setFile] = useState('')
  const { busy, result: report, error, run } = useStaffCall('field:import', onDone)

  const submit = (e: FormEvent) => {
    e.preventDefault()
    run({ file })
  }

  return (
    <section className="field__box" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('field.import')}</h3>
      <p className="form__hint">{t('field.import.hint')}</p>
      <form className="form" onSubmit={submit} data-testid="field-import-form">
        <label className="form__label" htmlFor={`${id}-file`}>
          {t('field.import.file')}
        </label>
        <input
          id={`${id}-file`}
          className="form__input mono"
          dir="ltr"
          autoComplete="off"
          spellCheck={false}
          value={file}
          onChange={(e) => setFile(e.target.value)}
        />
        <div className="step__actions step__actions--start">
          <button type="submit" className="btn" disabled={busy || file.trim() === ''}>
            {busy ? t('field.working') : t('field.import.run')}
          </button>
        </div>
      </form>
      {error !== null && (
        <p className="form__msg form__msg--bad" role="alert" data-testid="field-import-error">
          {error}
        </p>
      )}
      {report !== null && <ImportReportView report={report} />}
    </section>
  )
}

function ImportReportView({ report }: { report: Report }) {
  const { t, lang } = useT()
  const when = (iso: string) =>
    new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso))
  return (
    <div data-testid="field-import-report" data-bundle-id={report.bundleId}>
      <p className="form__msg" role="status" data-testid="field-import-summary">
        {t('field.import.done', {
          device: report.device.name,
          when: when(report.bundleCreatedAt),
          imported: report.counts.imported,
          here: report.counts.already_here,
          conflict: report.counts.conflict,
        })}
      </p>
      <div className="field__scroll">
        <table className="jobs field__report">
          <caption className="field__caption">{t('field.import.jobs')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('field.col.job')}</th>
              <th scope="col">{t('field.col.user')}</th>
              <th scope="col">{t('field.col.type')}</th>
              <th scope="col">{t('field.col.captured')}</th>
              <th scope="col">{t('field.col.fate')}</th>
              <th scope="col">{t('field.col.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {report.jobs.map((j) => (
              <tr key={j.jobId} data-job-id={j.jobId} data-fate={j.fate}>
                <td className="mono field__id" dir="ltr">
                  {j.jobId}
                </td>
                <td className="mono field__id" dir="ltr">
                  {j.userId}
                </td>
                <td>{t(`queue.type.${j.jobType}`)}</td>
                <td>{when(j.capturedAt)}</td>
                <td>
                  <span className={`badge badge--fate-${j.fate}`}>{t(`field.fate.${j.fate}`)}</span>
                </td>
                <td className="field__reason">{j.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}
