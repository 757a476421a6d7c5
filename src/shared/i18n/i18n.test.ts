import { describe, expect, it } from 'vitest';
import { en } from './en';
import { fr } from './fr';
import {
  count,
  errorMessage,
  fillTemplate,
  formatBytes,
  formatDate,
  formatMoney,
  frenchDe,
  translate,
} from './index';

describe('French-first formats', () => {
  it('writes dates as dd/mm/yyyy in French, keeping the calendar day', () => {
    expect(formatDate('fr', '2026-10-05')).toBe('05/10/2026');
    expect(formatDate('fr', '2027-01-31')).toBe('31/01/2027');
  });

  it('writes money with a decimal comma and the euro sign after', () => {
    expect(formatMoney('fr', 1250).replace(/\s/g, ' ')).toBe('12,50 €');
    expect(formatMoney('fr', 123456).replace(/\s/g, ' ')).toBe('1 234,56 €');
    expect(formatMoney('en', 1250)).toBe('€12.50');
  });

  it('writes sizes in French units', () => {
    expect(formatBytes('fr', 8_400_000_000)).toBe('8,4 Go');
    expect(formatBytes('en', 8_400_000_000)).toBe('8.4 GB');
  });
});

describe('dictionaries', () => {
  it('English has exactly the French keys, and no message is empty', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
    for (const value of [...Object.values(fr), ...Object.values(en)]) expect(value.trim()).not.toBe('');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(errorMessage('fr', 'folder_missing', { path: '/x' })).toContain('« /x »');
    expect(translate('fr', 'job.schoolYear', {})).toContain('{year}');
  });
});

describe('plural forms and elision', () => {
  it('no message writes a plural with « (s) »: counts go through real plural forms', () => {
    for (const [key, value] of [...Object.entries(fr), ...Object.entries(en)])
      expect(`${key}: ${value}`).not.toMatch(/\w\((s|es|x|ies)\)/);
  });

  it('chooses the form by the language rules: French 0 and 1 singular, English 1 only', () => {
    expect(translate('fr', 'retention.reportFiles', { count: 1, size: '2 Mo' })).toBe('1 fichier, 2 Mo');
    expect(translate('fr', 'retention.reportFiles', { count: 0, size: '0 o' })).toBe('0 fichier, 0 o');
    expect(translate('fr', 'retention.reportFiles', { count: 4, size: '2 Mo' })).toBe('4 fichiers, 2 Mo');
    expect(translate('en', 'retention.reportFiles', { count: 0, size: '0 B' })).toBe('0 files, 0 B');
    expect(translate('en', 'retention.reportFiles', { count: 1, size: '2 MB' })).toBe('1 file, 2 MB');
    const four = { originals: 113, backups: 1, cache: 0, size: '1 Go', galleries: 4 };
    expect(translate('fr', 'retention.pending', four)).toContain('4 galeries en ligne');
    expect(translate('fr', 'retention.pending', four)).toContain('1 copie de sauvegarde');
    expect(translate('en', 'retention.pending', { ...four, galleries: 1 })).toContain('1 online gallery');
  });

  it('counts in French singular and plural outside the dictionaries (0 and 1 singular)', () => {
    expect(count(0, 'fichier manquant', 'fichiers manquants')).toBe('0 fichier manquant');
    expect(count(1, 'photo', 'photos')).toBe('1 photo');
    expect(count(2, 'commande mise en attente', 'commandes mises en attente')).toBe(
      '2 commandes mises en attente',
    );
    expect(count(1234, 'photo', 'photos').replace(/\s/g, ' ')).toBe('1 234 photos');
  });

  it('reads a count already formatted (« 1 234 ») and keeps nested placeholders and unknown ones', () => {
    expect(fillTemplate('fr', '{n, plural, one {# photo} other {# photos}}', { n: '1 234' })).toBe(
      '1 234 photos',
    );
    expect(fillTemplate('fr', '{n, plural, =0 {aucune} one {# de {x}} other {#}}', { n: 1, x: 'Léa' })).toBe(
      '1 de Léa',
    );
    expect(fillTemplate('fr', '{n, plural, =0 {aucune} other {#}}', { n: 0 })).toBe('aucune');
    expect(fillTemplate('fr', '{n, plural, one {#} other {#}} {y}', {})).toBe(
      '{n, plural, one {#} other {#}} {y}',
    );
  });

  it('picks the branch a code names in a select, with placeholders inside, and other for an unknown code', () => {
    const t = '{cause, select, network {réseau coupé} refused {refusé (HTTP {status})} other {erreur}}';
    expect(fillTemplate('fr', t, { cause: 'network' })).toBe('réseau coupé');
    expect(fillTemplate('fr', t, { cause: 'refused', status: 413 })).toBe('refusé (HTTP 413)');
    expect(fillTemplate('fr', t, { cause: 'whatever' })).toBe('erreur');
    expect(translate('en', 'errors.publish_failed', { cause: 'unauthorized' })).toContain('token');
    expect(translate('fr', 'errors.publish_failed', { cause: 'files_refused', count: 1 })).toContain(
      '1 fichier refusé',
    );
  });

  it('elides « de » before a vowel sound, in French only', () => {
    expect(frenchDe('Aïcha BENALI')).toBe('d’Aïcha BENALI');
    expect(frenchDe('Émile')).toBe('d’Émile');
    expect(frenchDe('Yves')).toBe('d’Yves');
    expect(frenchDe('Hugo')).toBe('d’Hugo');
    expect(frenchDe('Hélène + Noé')).toBe('d’Hélène + Noé');
    expect(frenchDe('Lucas')).toBe('de Lucas');
    expect(frenchDe('Yanis')).toBe('de Yanis');
    expect(frenchDe('Hamza')).toBe('de Hamza');
    expect(translate('fr', 'forms.entry.saved', { names: 'Aïcha BENALI', items: 1, total: '12,50 €' })).toBe(
      'Bon d’Aïcha BENALI enregistré : 1 article, 12,50 €.',
    );
    expect(translate('fr', 'forms.orders.editFor', { names: 'Lucas MARTIN' })).toBe(
      'Corriger le bon de Lucas MARTIN',
    );
    expect(
      translate('en', 'forms.entry.saved', { names: 'Aïcha BENALI', items: 2, total: '€12.50' }),
    ).toContain('Form of Aïcha BENALI saved: 2 items');
  });
});
