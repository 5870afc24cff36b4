/**
 * The staff console: queue (with job detail), field mode (USB export/import), settings and
 * diagnostics, behind the staff gate.
 */
import { useState } from 'react'
import { useT } from '../../i18n/i18n'
import { FieldPanel } from '../field/FieldPanel'
import { DiagnosticsPanel } from './DiagnosticsPanel'
import { JobDetailPanel } from './JobDetailPanel'
import { QueuePanel } from './QueuePanel'
import { SettingsPanel } from './SettingsPanel'
import { useStaffSession } from './StaffGate'

export type ConsoleTab = 'queue' | 'field' | 'settings' | 'diagnostics'

export function ConsoleScreen(props: {
  tab: ConsoleTab
  onTab: (t: ConsoleTab) => void
  camera: { deviceId: string; label: string }
  scanner: string
  onSettingsChanged: () => void
}) {
  const { t } = useT()
  const staff = useStaffSession()
  const [open, setOpen] = useState<string | null>(null)
  const tabs: [ConsoleTab, string][] = [
    ['queue', t('nav.queue')],
    ['field', t('console.field')],
    ['settings', t('console.settings')],
    ['diagnostics', t('console.diagnostics')],
  ]
  return (
    <div className="console">
      <div className="console__bar">
        <nav className="tabs" aria-label={t('console.title')}>
          {tabs.map(([id, label]) => (
            <button
              key={id}
              type="button"
              className="tab"
              aria-current={props.tab === id ? 'page' : undefined}
              onClick={() => {
                setOpen(null)
                props.onTab(id)
              }}
            >
              {label}
            </button>
          ))}
        </nav>
        {staff !== null && (
          <p className="console__who">
            {staff.session.signedIn
              ? t('staff.signedInAs', {
                  name: staff.session.displayName ?? staff.session.username ?? '',
                })
              : t('staff.setupMode')}
            {staff.session.signedIn && (
              <button
                type="button"
                className="btn btn--small btn--secondary"
                onClick={staff.signOut}
              >
                {t('staff.signOut')}
              </button>
            )}
          </p>
        )}
      </div>
      {props.tab === 'queue' &&
        (open === null ? (
          <QueuePanel onOpen={setOpen} />
        ) : (
          <JobDetailPanel jobId={open} onClose={() => setOpen(null)} />
        ))}
      {props.tab === 'field' && <FieldPanel />}
      {props.tab === 'settings' && <SettingsPanel onChanged={props.onSettingsChanged} />}
      {props.tab === 'diagnostics' && (
        <DiagnosticsPanel
          camera={props.camera}
          scanner={props.scanner}
          onCameraChosen={props.onSettingsChanged}
        />
      )}
    </div>
  )
}
