import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { IPC_CHANNELS } from '../../shared/rpc/bridge';
import { events, type MenuCommand } from '../../shared/rpc/events';
import type { EventFrame } from '../../shared/rpc/wire';
import { menuTemplate, sendMenuCommand } from './menu';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

function template(platform: NodeJS.Platform, isPackaged: boolean) {
  const chosen: MenuCommand[] = [];
  const items = menuTemplate({ platform, isPackaged, onCommand: (c) => chosen.push(c) });
  return { items, all: flatten(items), chosen };
}

describe('application menu', () => {
  it('has Fichier, Édition and Affichage in French', () => {
    expect(template('win32', true).items.map((i) => i.label)).toEqual(['Fichier', 'Édition', 'Affichage']);
    expect(template('darwin', true).items.map((i) => i.label)).toEqual([
      'Préau Studio',
      'Fichier',
      'Édition',
      'Affichage',
    ]);
  });

  it('sends the job commands to the UI instead of running them', () => {
    const t = template('linux', true);
    for (const label of ['Nouveau reportage', 'Ouvrir…']) {
      const item = t.all.find((i) => i.label === label);
      (item?.click as (() => void) | undefined)?.();
    }
    expect(t.chosen).toEqual(['job.new', 'job.open']);
  });

  it('has Quitter, standard edit roles, zoom and full screen', () => {
    const roles = template('linux', true).all.map((i) => i.role);
    expect(roles).toEqual(
      expect.arrayContaining(['quit', 'undo', 'copy', 'paste', 'zoomIn', 'zoomOut', 'togglefullscreen']),
    );
  });

  it('offers DevTools in development only', () => {
    expect(template('linux', true).all.map((i) => i.role)).not.toContain('toggleDevTools');
    expect(template('linux', false).all.map((i) => i.role)).toContain('toggleDevTools');
  });
});

describe('sendMenuCommand', () => {
  it('sends a valid menu.selected event to the window in front', () => {
    const sent: EventFrame[] = [];
    sendMenuCommand(
      { isDestroyed: () => false, send: (ch, f) => ch === IPC_CHANNELS.event && sent.push(f) },
      'job.open',
    );
    expect(sent).toEqual([{ type: 'event', name: 'menu.selected', payload: { command: 'job.open' } }]);
    expect(events['menu.selected'].safeParse(sent[0]?.payload).success).toBe(true);
  });

  it('does nothing without a live window', () => {
    expect(() => sendMenuCommand(undefined, 'job.new')).not.toThrow();
    const sent: unknown[] = [];
    sendMenuCommand({ isDestroyed: () => true, send: (_c, f) => sent.push(f) }, 'job.new');
    expect(sent).toEqual([]);
  });
});
