/**
 * "Classes et élèves": four views of the same roster — the classes and students (with consent),
 * the consent grid of a class, the import of the school's file, and the shoot-day list.
 */
import { useState } from 'react';
import type { MessageKey } from '../../../shared/i18n';
import { useT } from '../../i18n/use-t';
import { ClassesView } from './ClassesView';
import { ConsentGridView } from './ConsentGridView';
import { RosterImport } from './RosterImport';
import { ShootListView } from './ShootListView';

const TABS = [
  { id: 'classes', label: 'roster.tab.classes' },
  { id: 'consent', label: 'roster.tab.consent' },
  { id: 'import', label: 'roster.tab.import' },
  { id: 'shootList', label: 'roster.tab.shootList' },
] as const satisfies readonly { id: string; label: MessageKey }[];
type Tab = (typeof TABS)[number]['id'];

export function RosterSection({ jobId }: { jobId: string }) {
  const { t } = useT();
  const [tab, setTab] = useState<Tab>('classes');
  const [consentClass, setConsentClass] = useState<string | null>(null);
  return (
    <div className="roster">
      <h2 className="visually-hidden">{t('job.nav.roster')}</h2>
      <div className="tabs" role="tablist" aria-label={t('job.nav.roster')}>
        {TABS.map((item) => (
          <button
            key={item.id}
            type="button"
            role="tab"
            id={`roster-tab-${item.id}`}
            aria-selected={tab === item.id}
            aria-controls={`roster-panel-${item.id}`}
            className="tabs__tab"
            onClick={() => setTab(item.id)}
          >
            {t(item.label)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`roster-panel-${tab}`} aria-labelledby={`roster-tab-${tab}`}>
        {tab === 'classes' && (
          <ClassesView
            jobId={jobId}
            onImport={() => setTab('import')}
            onConsentGrid={(classId) => {
              setConsentClass(classId);
              setTab('consent');
            }}
          />
        )}
        {tab === 'consent' && (
          <ConsentGridView key={consentClass} jobId={jobId} initialClassId={consentClass} />
        )}
        {tab === 'import' && <RosterImport jobId={jobId} onDone={() => setTab('classes')} />}
        {tab === 'shootList' && <ShootListView jobId={jobId} />}
      </div>
    </div>
  );
}
