/**
 * « Bons de commande »: the price list and form settings, producing the forms, the families'
 * access codes, typing in the paper orders that come back, and the association's bookkeeping files.
 */
import { useState, type KeyboardEvent } from 'react';
import type { MessageKey } from '../../../shared/i18n';
import { useT } from '../../i18n/use-t';
import { CodesPanel } from './CodesPanel';
import { ExportsPanel } from './ExportsPanel';
import { FormsBuildPanel } from './FormsBuildPanel';
import { FormsSettingsPanel } from './FormsSettingsPanel';
import { OrderEntryPanel } from './OrderEntryPanel';

const TABS = [
  { id: 'settings', label: 'forms.tab.settings' },
  { id: 'build', label: 'forms.tab.build' },
  { id: 'codes', label: 'forms.tab.codes' },
  { id: 'entry', label: 'forms.tab.entry' },
  { id: 'exports', label: 'forms.tab.exports' },
] as const satisfies readonly { id: string; label: MessageKey }[];
type Tab = (typeof TABS)[number]['id'];

export function FormsSection({ jobId }: { jobId: string }) {
  const { t } = useT();
  const [tab, setTab] = useState<Tab>('settings');

  // Arrow keys move between tabs, as in every tab list.
  const onKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const at = TABS.findIndex((x) => x.id === tab);
    const next = TABS[(at + (event.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!;
    setTab(next.id);
    event.currentTarget.querySelector<HTMLElement>(`#forms-tab-${next.id}`)?.focus();
  };

  return (
    <div className="forms-section">
      <h2 className="visually-hidden">{t('job.nav.orderForms')}</h2>
      <div className="tabs" role="tablist" aria-label={t('job.nav.orderForms')} onKeyDown={onKey}>
        {TABS.map((item) => (
          <button
            key={item.id}
            type="button"
            role="tab"
            id={`forms-tab-${item.id}`}
            aria-selected={tab === item.id}
            aria-controls={`forms-panel-${item.id}`}
            tabIndex={tab === item.id ? 0 : -1}
            className="tabs__tab"
            onClick={() => setTab(item.id)}
          >
            {t(item.label)}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`forms-panel-${tab}`}
        aria-labelledby={`forms-tab-${tab}`}
        className="forms-panel"
      >
        {tab === 'settings' && <FormsSettingsPanel jobId={jobId} />}
        {tab === 'build' && <FormsBuildPanel jobId={jobId} />}
        {tab === 'codes' && <CodesPanel jobId={jobId} />}
        {tab === 'entry' && <OrderEntryPanel jobId={jobId} />}
        {tab === 'exports' && <ExportsPanel jobId={jobId} />}
      </div>
    </div>
  );
}
