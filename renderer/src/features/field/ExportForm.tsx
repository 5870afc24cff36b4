/**
 * Export to a folder (`field:export`). The folder is typed: in the browser host the page cannot
 * know a local path, and in the Electron window the same field is used on purpose — a native
 * folder picker would need a new IPC channel outside the contract, and field staff type or paste
 * the stick's mount point (/media/…, E:\) once; the core checks it and answers in one line.
 */
import { useId, useState, type FormEvent } from 'react'
import { useT } from '../../i18n/i18n'
import { useStaffCall } from './useStaffCall'

export function ExportForm({ onDone }: { onDone: () => void }) {
  const { t, lang } = useT()
  const id = useId()
  const [to, setTo] = useState('')
  const [since, setSince] = useState('')
  const [again, setAgain] = useState(false)
  const { busy, result: report, error, run } = useStaffCall('field:export', onDone)

  const submit = (e: FormEvent) => {
    e.preventDefault()
    run({
      to,
      // A date from the picker means that day from local midnight, as staff think of it.
      ...(since === '' ? {} : { since: new Date(`${since}T00:00:00`).toISOString() }),
      includeExported: again,
    })
  }

  // "278 kB", "1,2 Mo", in the reader's language.
  const size = (bytes: number) => {
    const mb = bytes >= 1024 * 1024
    return new Intl.NumberFormat(lang, {
      style: 'unit',
      unit: mb ? 'megabyte' : 'kilobyte',
      maximumFractionDigits: mb ? 1 : 0,
    }).format(mb ? bytes / 1024 / 1024 : Math.ceil(bytes / 1024))
  }
  return (
    <section className="field__box" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('field.export')}</h3>
      <p className="form__hint">{t('field.export.hint')}</p>
      <form className="form" onSubmit={submit} data-testid="field-export-form">
        <label className="form__label" htmlFor={`${id}-to`}>
          {t('field.export.to')}
        </label>
        <input
          id={`${id}-to`}
          className="form__input mono"
          dir="ltr"
          autoComplete="off"
          spellCheck={false}
          value={to}
          onChange={(e) => setTo(e.target.value)}
        />
        <label className="form__label" htmlFor={`${id}-since`}>
          {t('field.export.since')}
        </label>
        <input
          id={`${id}-since`}
          className="form__input field__date"
          type="date"
          value={since}
          onChange={(e) => setSince(e.target.value)}
        />
        <div className="check">
          <input
            id={`${id}-again`}
            type="checkbox"
            className="check__box"
            checked={again}
            onChange={(e) => setAgain(e.target.checked)}
          />
          <label htmlFor={`${id}-again`} className="check__label">
            {t('field.export.again')}
          </label>
        </div>
        <div className="step__actions step__actions--start">
          <button type="submit" className="btn" disabled={busy || to.trim() === ''}>
            {busy ? t('field.working') : t('field.export.run')}
          </button>
        </div>
      </form>
      {error !== null && (
        <p className="form__msg form__msg--bad" role="alert" data-testid="field-export-error">
          {error}
        </p>
      )}
      {report !== null && (
        <div className="form__msg" role="status" data-testid="field-export-result">
          {report.file === null ? (
            <p>{t('field.export.nothing')}</p>
          ) : (
            <>
              <p>
                {t('field.export.done', {
                  n: report.jobs,
                  images: report.images,
                  size: size(report.bytes),
                })}
              </p>
              <p className="mono field__path" dir="ltr" data-testid="field-export-file">
                {report.file}
              </p>
            </>
          )}
          {report.alreadyExported > 0 && (
            <p>{t('field.export.skipped', { n: report.alreadyExported })}</p>
          )}
        </div>
      )}
    </section>
  )
}
