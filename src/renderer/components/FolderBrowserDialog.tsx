/**
 * The folder browser, where the host has no native folder picker (the browser host): the places
 * the core offers (home folder, mounted volumes and cards), then their sub-folders, keyboard-first —
 * arrows to move, Enter to open, Backspace to go up, Ctrl+Enter to choose the folder on screen,
 * Escape to cancel, letters to jump — and usable with a mouse (click to highlight, double-click to
 * open). A modal dialog: focus stays inside and returns to the field's button when it closes.
 */
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import type { FolderListing, FolderPlace } from '../../shared/rpc/contract-app';
import { useT } from '../i18n/use-t';
import { toUiError, type UiError } from '../lib/ui-error';
import { rpc } from '../rpc/client';
import { useFolderBrowserStore } from '../stores/folder-browser-store';
import { Alert } from './Alert';
import { browserKey } from './folder-browser-keys';

interface Entry {
  name: string;
  path: string;
  place?: FolderPlace;
}

/** The dialog of the current request, if any (mounted once, by the app shell). */
export function FolderBrowserHost() {
  const request = useFolderBrowserStore((s) => s.request);
  const finish = useFolderBrowserStore((s) => s.finish);
  if (!request) return null;
  return <FolderBrowserDialog title={request.title} start={request.start} onDone={finish} />;
}

/** Breadcrumb of `path` inside its place: the place, then each folder below it. */
function crumbs(listing: FolderListing): { name: string; path: string }[] {
  if (!listing.path || !listing.place) return [];
  const place = listing.place;
  const rest = listing.path.slice(place.path.length).split(/[\\/]/).filter(Boolean);
  const sep = listing.path.includes('\\') && !listing.path.includes('/') ? '\\' : '/';
  const out = [{ name: place.name, path: place.path }];
  let current = place.path;
  for (const name of rest) {
    current = `${current.replace(/[\\/]$/, '')}${sep}${name}`;
    out.push({ name, path: current });
  }
  return out;
}

export function FolderBrowserDialog({
  title,
  start,
  onDone,
}: {
  title: string;
  start?: string | undefined;
  onDone: (path: string | null) => void;
}) {
  const tr = useT();
  const { t } = tr;
  const titleId = useId();
  const listId = useId();
  const hintId = useId();
  const [listing, setListing] = useState<FolderListing | null>(null);
  const [active, setActive] = useState(-1);
  const [error, setError] = useState<UiError | null>(null);
  const [loading, setLoading] = useState(true);
  const typed = useRef({ text: '', at: 0 });
  const listRef = useRef<HTMLUListElement>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  /** Where focus was before the dialog opened (the "Choisir…" button): it goes back there. */
  const [opener] = useState<Element | null>(() => document.activeElement);
  const request = useRef(0);

  /** Whether a listing is on screen (a failed load then keeps it; with none, the places are shown). */
  const shown = useRef(false);

  const show = useCallback((next: FolderListing, highlight?: string) => {
    shown.current = true;
    setListing(next);
    const paths = next.path === null ? next.places.map((p) => p.path) : next.folders.map((f) => f.path);
    const found = highlight === undefined ? -1 : paths.indexOf(highlight);
    setActive(found >= 0 ? found : paths.length > 0 ? 0 : -1);
  }, []);

  const load = useCallback(
    async (path: string | null, highlight?: string): Promise<void> => {
      const mine = ++request.current;
      setLoading(true);
      try {
        const next = await rpc.call('fs.listFolders', path === null ? {} : { path });
        if (mine !== request.current) return;
        show(next, highlight);
        setError(null);
      } catch (failure) {
        if (mine !== request.current) return;
        setError(toUiError(failure));
        if (shown.current || path === null) return;
        const places = await rpc.call('fs.listFolders', {}).catch(() => null);
        if (places && mine === request.current) show(places);
      } finally {
        if (mine === request.current) setLoading(false);
      }
    },
    [show],
  );

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      // Start in the folder the field holds, or the nearest folder above it that can be listed.
      let candidate = start?.trim() || null;
      while (candidate && !cancelled) {
        const next = await rpc.call('fs.listFolders', { path: candidate }).catch(() => null);
        if (cancelled) return;
        if (next) {
          show(next);
          setLoading(false);
          return;
        }
        const parent = candidate.replace(/[\\/][^\\/]*$/, '');
        candidate = parent && parent !== candidate ? parent : null;
      }
      if (!cancelled) await load(null);
    })();
    return () => {
      cancelled = true;
      if (opener instanceof HTMLElement) opener.focus();
    };
  }, [load, show, start, opener]);

  useLayoutEffect(() => {
    listRef.current?.focus();
  }, [listing]);

  const entries: Entry[] = !listing
    ? []
    : listing.path === null
      ? listing.places.map((p) => ({ name: p.name, path: p.path, place: p }))
      : listing.folders;

  useEffect(() => {
    if (active < 0) return;
    document.getElementById(`${listId}-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [active, listId]);

  const open = (index: number) => {
    const entry = entries[index];
    if (entry) void load(entry.path);
  };
  const up = () => {
    if (!listing || listing.path === null) return;
    void load(listing.parent, listing.path);
  };
  const choose = () => {
    if (listing?.path) onDone(listing.path);
  };

  const onListKey = (event: React.KeyboardEvent) => {
    const r = browserKey(
      { names: entries.map((e) => e.name), active, typed: typed.current.text, typedAt: typed.current.at },
      event,
      performance.now(),
    );
    typed.current = { text: r.typed, at: performance.now() };
    const action = r.action;
    if (action.type === 'none') return;
    event.preventDefault();
    event.stopPropagation();
    switch (action.type) {
      case 'move':
        setActive(action.index);
        return;
      case 'open':
        open(action.index);
        return;
      case 'up':
        up();
        return;
      case 'choose':
        choose();
        return;
      case 'cancel':
        onDone(null);
        return;
      default:
        action satisfies never;
    }
  };

  /** Keeps Tab inside the dialog, and Escape anywhere in it cancels. */
  const onDialogKey = (event: React.KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onDone(null);
      return;
    }
    if (event.key !== 'Tab' || !dialogRef.current) return;
    const focusable = [
      ...dialogRef.current.querySelectorAll<HTMLElement>('button:not(:disabled), [tabindex="0"]'),
    ];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  const trail = listing ? crumbs(listing) : [];
  const activeEntry = entries[active];
  const empty = listing !== null && entries.length === 0;

  return (
    <div className="overlay folder-browser__overlay" onKeyDown={onDialogKey}>
      <div
        ref={dialogRef}
        className="card folder-browser"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={hintId}
      >
        <h2 id={titleId} className="card__title">
          {title}
        </h2>
        <nav className="folder-browser__trail" aria-label={t('folderBrowser.trail')}>
          <ol>
            <li>
              <button
                type="button"
                className="folder-browser__crumb"
                onClick={() => void load(null, listing?.place?.path)}
                aria-current={listing?.path === null ? 'location' : undefined}
              >
                {t('folderBrowser.places')}
              </button>
            </li>
            {trail.map((c, i) => (
              <li key={c.path}>
                <button
                  type="button"
                  className="folder-browser__crumb"
                  onClick={() => void load(c.path, trail[i + 1]?.path)}
                  aria-current={i === trail.length - 1 ? 'location' : undefined}
                >
                  {i === 0 && listing?.place?.kind === 'home' ? t('folderBrowser.home') : c.name}
                </button>
              </li>
            ))}
          </ol>
        </nav>
        {error && (
          <Alert tone="error" onDismiss={() => setError(null)}>
            {tr.error(error)}
          </Alert>
        )}
        <ul
          ref={listRef}
          id={listId}
          className="folder-browser__list"
          role="listbox"
          tabIndex={0}
          aria-label={
            listing?.path ? t('folderBrowser.listOf', { folder: listing.path }) : t('folderBrowser.places')
          }
          aria-activedescendant={activeEntry ? `${listId}-${active}` : undefined}
          aria-busy={loading}
          onKeyDown={onListKey}
        >
          {entries.map((entry, i) => (
            <li
              key={entry.path}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={`folder-browser__item${i === active ? ' folder-browser__item--active' : ''}`}
              onClick={() => setActive(i)}
              onDoubleClick={() => open(i)}
            >
              <span className="folder-browser__icon" aria-hidden="true">
                {entry.place ? (entry.place.kind === 'home' ? '⌂' : entry.place.card ? '▣' : '⛁') : '▸'}
              </span>
              <span className="folder-browser__name">
                {entry.place?.kind === 'home' ? t('folderBrowser.home') : entry.name}
              </span>
              {entry.place && (
                <span className="folder-browser__kind">
                  {entry.place.kind === 'home'
                    ? entry.place.path
                    : entry.place.card
                      ? t('folderBrowser.card')
                      : t('folderBrowser.volume')}
                </span>
              )}
            </li>
          ))}
          {empty && (
            <li className="folder-browser__empty" role="presentation">
              {listing.path === null ? t('folderBrowser.noPlaces') : t('folderBrowser.empty')}
            </li>
          )}
        </ul>
        {listing?.truncated && <p className="field__hint">{t('folderBrowser.truncated')}</p>}
        <p id={hintId} className="folder-browser__hint">
          {t('folderBrowser.keys')}
        </p>
        <div className="folder-browser__actions">
          <p className="folder-browser__current" aria-live="polite">
            {listing?.path
              ? t('folderBrowser.current', { folder: listing.path })
              : t('folderBrowser.pickPlace')}
          </p>
          <button type="button" className="btn btn--secondary" onClick={() => onDone(null)}>
            {t('folderBrowser.cancel')}
          </button>
          <button type="button" className="btn btn--primary" onClick={choose} disabled={!listing?.path}>
            {t('folderBrowser.choose')}
          </button>
        </div>
      </div>
    </div>
  );
}
